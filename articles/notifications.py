"""Reply emails: a reader who opted in hears when someone answers one of their comments.

The email leaves the request: `queue_reply_notification` queues the Celery task once the reply
is committed (in-process when no broker is configured). A failed send is retried, and neither a
failed send nor a broker that cannot be reached ever fails the reply itself.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from accounts.unsubscribe import unsubscribe_path

from .models import Comment, CommentStatus

logger = logging.getLogger(__name__)
# Marks a reply whose email went out; the creation time keeps it unique even if ids are reused.
SENT_KEY = "reply-email-sent:{}:{}"


def queue_reply_notification(comment):
    transaction.on_commit(lambda: _send_later(comment.pk), robust=True)


def _send_later(comment_id):
    try:
        notify_reply.delay(comment_id)
    except Exception:  # the broker is down: the reply is saved, the email is lost, the log says so
        logger.exception("Could not queue the reply email for comment %s", comment_id)


def site_url():
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


@shared_task(bind=True, max_retries=3, default_retry_delay=60, ignore_result=True)
def notify_reply(self, comment_id):
    """Email the author of the comment that `comment_id` answers, if they asked for it; once."""
    reply = (
        Comment.objects.select_related("listicle", "user__reader_profile", "parent__user__reader_profile")
        .filter(pk=comment_id, status=CommentStatus.PUBLISHED, deleted__isnull=True)
        .first()
    )
    if reply is None or reply.parent is None or reply.parent.user is None:
        return "nothing to send"
    recipient = reply.parent.user
    profile = getattr(recipient, "reader_profile", None)
    if recipient.pk == reply.user_id or profile is None or not profile.reply_emails or not recipient.email:
        return "not wanted"
    sent_key = SENT_KEY.format(comment_id, reply.created.timestamp())
    if not cache.add(sent_key, 1, timeout=7 * 24 * 3600):
        return "already sent"
    unsubscribe = site_url() + unsubscribe_path(recipient)
    context = {
        "reply": reply,
        "replier": reply.user.reader_profile.display_name if reply.user else "[deleted account]",
        "name": profile.display_name,
        "url": site_url() + reply.get_absolute_url(),
        "unsubscribe": unsubscribe,
        "site_name": settings.SITE_NAME,
    }
    message = EmailMessage(
        subject=settings.EMAIL_SUBJECT_PREFIX
        + f"{context['replier']} replied to your comment on “{reply.listicle.title}”",
        body=render_to_string("articles/email/reply.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception as error:
        cache.delete(sent_key)
        raise self.retry(exc=error) from error
    return "sent"

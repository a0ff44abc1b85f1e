"""Reply emails: a reader who opted in hears when someone answers one of their comments.

The email owed is a row (`ReplyEmail`), written with the reply in the same transaction, so it
survives whatever happens to the task queue:

- Once the reply is committed, `queue_reply_notification` queues the Celery task (in-process when
  no broker is configured). A broker that cannot be reached never fails the reply: the row stays
  `pending` and the log says so.
- Rows left pending are sent by `send_pending` — the `send_pending_reply_emails` task (for Celery
  beat), `manage.py send_pending_emails` (for cron, or by hand once the broker is back) — and,
  with a broker, by the sweep the next queued reply asks for when older rows are still waiting.
- Whoever sends first claims the row with a conditional UPDATE (pending → sending): two workers,
  a retried task or a sweep beside the task never send one email twice. A claim left by a worker
  that died is taken again after `STALE_CLAIM`. A failed send puts the row back (retried by the
  task, then by the sweeps) until `MAX_ATTEMPTS`.
"""

import logging
from collections import Counter
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.names import public_name_of
from accounts.unsubscribe import unsubscribe_path
from soompi.site_address import site_url

from .models import Comment, CommentStatus, ReplyEmail

logger = logging.getLogger(__name__)
State = ReplyEmail.State
STALE_CLAIM = timedelta(minutes=15)
BACKLOG_AGE = timedelta(minutes=1)  # a row pending this long was not taken by its own task
MAX_ATTEMPTS = 5
BATCH = 500


def queue_reply_notification(comment):
    """Owe the reply email for `comment` (in the caller's transaction) and queue its task once
    that transaction commits."""
    ReplyEmail.objects.bulk_create([ReplyEmail(comment_id=comment.pk)], ignore_conflicts=True)
    transaction.on_commit(lambda: _send_later(comment.pk), robust=True)


def _send_later(comment_id):
    try:
        notify_reply.delay(comment_id)
    except Exception:  # the broker is down: the reply is saved, its email waits in the outbox
        logger.exception(
            "Could not queue the reply email for comment %s: it stays in the outbox until "
            "`manage.py send_pending_emails` or the next reply sends it",
            comment_id,
        )
        return
    if not notify_reply.app.conf.task_always_eager and backlog_waiting():
        try:
            send_pending_reply_emails.delay()
        except Exception:
            logger.exception("Could not queue the sweep of pending reply emails")


def backlog_waiting():
    """Whether older reply emails are still waiting: their task was never queued, or gave up."""
    older = timezone.now() - BACKLOG_AGE
    return ReplyEmail.objects.filter(state=State.PENDING, created__lt=older).exists()


class SendFailed(Exception):
    """The mail server refused or could not be reached; the row is pending again."""


@shared_task(bind=True, max_retries=3, default_retry_delay=60, ignore_result=True)
def notify_reply(self, comment_id):
    """Email the author of the comment that `comment_id` answers, if they asked for it; once."""
    try:
        return send_reply_email(comment_id)
    except SendFailed as error:
        raise self.retry(exc=error) from error


@shared_task(ignore_result=True)
def send_pending_reply_emails():
    """Send every reply email still owed (for Celery beat, every few minutes)."""
    return send_pending()


def send_pending():
    """Send the reply emails still owed, oldest first; {outcome: count}."""
    outcomes = Counter()
    owed = ReplyEmail.objects.filter(claimable(timezone.now()))
    for comment_id in owed.order_by("created").values_list("comment_id", flat=True)[:BATCH]:
        try:
            outcomes[send_reply_email(comment_id)] += 1
        except SendFailed:
            outcomes["failed"] += 1
    return dict(outcomes)


def claimable(now):
    """Rows owed and free to take: pending, or claimed by a worker that died before `now`."""
    return Q(state=State.PENDING) | Q(state=State.SENDING, claimed_at__lt=now - STALE_CLAIM)


def claim(comment_id):
    """Take the row of `comment_id` for sending; True for exactly one caller however many try."""
    now = timezone.now()
    taken = ReplyEmail.objects.filter(claimable(now), comment_id=comment_id).update(
        state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return taken == 1


def finish(comment_id, state, **fields):
    ReplyEmail.objects.filter(comment_id=comment_id, state=State.SENDING).update(state=state, **fields)


def send_reply_email(comment_id):
    """Send the email owed for the reply `comment_id` if this call claims it; what happened."""
    if not claim(comment_id):
        return "already taken"
    message = reply_message(comment_id)
    if message is None:
        finish(comment_id, State.SKIPPED)
        return "not wanted"
    try:
        message.send()
    except Exception as error:
        attempts = ReplyEmail.objects.filter(comment_id=comment_id).values_list("attempts", flat=True).first()
        again = State.FAILED if (attempts or 0) >= MAX_ATTEMPTS else State.PENDING
        finish(comment_id, again, last_error=str(error)[:200])
        logger.warning("Reply email for comment %s not sent (attempt %s): %s", comment_id, attempts, error)
        raise SendFailed(str(error)) from error
    finish(comment_id, State.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def reply_message(comment_id):
    """The email for the reply `comment_id`, or None when nobody wants it."""
    reply = (
        Comment.objects.select_related("listicle", "user__reader_profile", "parent__user__reader_profile")
        .filter(pk=comment_id, status=CommentStatus.PUBLISHED, deleted__isnull=True)
        .first()
    )
    if reply is None or reply.parent is None or reply.parent.user is None:
        return None
    recipient = reply.parent.user
    profile = getattr(recipient, "reader_profile", None)
    if recipient.pk == reply.user_id or profile is None or not profile.reply_emails or not recipient.email:
        return None
    unsubscribe = site_url(unsubscribe_path(recipient))
    context = {
        "reply": reply,
        "replier": public_name_of(reply.user),
        "name": profile.display_name,
        "url": site_url(reply.get_absolute_url()),
        "unsubscribe": unsubscribe,
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=settings.EMAIL_SUBJECT_PREFIX
        + f"{context['replier']} replied to your comment on “{reply.listicle.title}”",
        body=render_to_string("comments/email/reply.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )

"""A reader's standing: how much their flag counts toward hiding a comment.

Signing up costs nothing, so a flag cannot count just because an account gave it. A reader is
trusted once all three hold:

- their email address is verified (allauth's `EmailAddress.verified`);
- their account is at least `COMMENT_TRUSTED_AFTER_DAYS` days old;
- at least `COMMENT_TRUSTED_AFTER_COMMENTS` of their comments were published (and not deleted);
- no comment of theirs was marked spam by a moderator within `COMMENT_SPAM_MEMORY`.

A trusted reader's flag weighs 1; anyone else's 0: it puts the comment before a moderator without
hiding it. `COMMENT_FLAG_LIMIT` is a total of weights, not of accounts.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

TRUSTED = 1
UNTRUSTED = 0


def is_trusted(user, now=None):
    now = now or timezone.now()
    if now - user.date_joined < timedelta(days=settings.COMMENT_TRUSTED_AFTER_DAYS):
        return False
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return False
    needed = settings.COMMENT_TRUSTED_AFTER_COMMENTS
    published = user.comments.filter(status="published", deleted__isnull=True).order_by()[:needed]
    if published.count() < needed:
        return False
    return not user.comments.filter(
        status="spam", decided_at__gte=now - settings.COMMENT_SPAM_MEMORY
    ).exists()


def flag_weight(user):
    """What `user`'s flag counts toward hiding a comment."""
    return TRUSTED if is_trusted(user) else UNTRUSTED

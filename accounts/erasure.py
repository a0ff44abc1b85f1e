"""What goes with an account when its reader deletes it, beyond the rows that cascade.

- Comment text, if the reader asks: each comment keeps its place (replies still make sense) but
  loses its words, marked the way an author's own deletion marks it (`body` blank, `deleted` set),
  so the thread shows "[deleted]".
- django-axes' records of sign-in attempts, kept by account name (username or email address),
  not by foreign key, so they would otherwise outlive the account.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.db.models import Q
from django.utils import timezone


def erase_comments_of(user):
    """Blank the text of every comment `user` wrote; returns how many were erased."""
    Comment = apps.get_model("articles", "Comment")
    return Comment.objects.filter(user=user, deleted__isnull=True).update(body="", deleted=timezone.now())


def account_names(user):
    """Every name a sign-in attempt for `user` may be recorded under, lowercased as axes keeps them."""
    EmailAddress = apps.get_model("account", "EmailAddress")
    names = {
        user.get_username(),
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    return {name.strip().lower() for name in names if name}


def remove_sign_in_records(user):
    """Delete django-axes' attempts, logs and failure logs recorded under the account's names."""
    matches = Q()
    for name in account_names(user):
        matches |= Q(username__iexact=name)
    if not matches:
        return
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(matches).delete()

"""What goes with an account when its reader deletes it, beyond the rows that cascade.

- Comment text, if the reader asks: `erasing_comments` is sent, and the comments' own rules
  (`comments.comments.erase_comments_of`) blank each comment the way its author's deletion does,
  so the thread shows "[deleted]". A signal, because comments build on accounts, not the reverse.
- django-axes' records of sign-in attempts, kept by account name (username or email address),
  not by foreign key, so they would otherwise outlive the account; and the security log's failed
  sign-ins typed under those names (its other events go with the account itself).
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.db.models import Q
from django.dispatch import Signal

from .models import SecurityEvent

# Sent with `user` before an account that asked for its comments' text to go is deleted.
erasing_comments = Signal()


def erase_comments_of(user):
    """Ask every app that keeps what `user` wrote to blank its text."""
    erasing_comments.send(sender=type(user), user=user)


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
    """Delete django-axes' attempts, logs and failure logs, and the security log's events, recorded
    under the account's names."""
    matches = Q()
    for name in account_names(user):
        matches |= Q(username__iexact=name)
    if not matches:
        return
    for model in (AccessAttempt, AccessLog, AccessFailureLog, SecurityEvent):
        model.objects.filter(matches).delete()

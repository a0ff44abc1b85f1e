"""What is kept of an account between requests changes with the account (`accounts.backends`).

Each request of a signed-in reader finds their account and reader profile in the cache, under the
account's version (`backends.account_version`); every save or delete of either bumps it here, so a
password change, a deactivation, a suspension or a deletion counts on the very next request. An
`update()` of profiles (which sends no signal) bumps the accounts it touched with `changed`.
Groups and permissions are not kept: each request asks for them as before.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from soompi import versioned

from .backends import account_version
from .models import ReaderProfile


def changed(user_ids):
    """The kept accounts with these ids are read again on their next request."""
    versioned.changed(*(account_version(pk) for pk in user_ids))


@receiver(post_save, sender=get_user_model(), dispatch_uid="accounts.kept_accounts.user_saved")
@receiver(post_delete, sender=get_user_model(), dispatch_uid="accounts.kept_accounts.user_deleted")
def account_written(sender, instance, **kwargs):
    changed([instance.pk])


@receiver(post_save, sender=ReaderProfile, dispatch_uid="accounts.kept_accounts.profile_saved")
@receiver(post_delete, sender=ReaderProfile, dispatch_uid="accounts.kept_accounts.profile_deleted")
def profile_written(sender, instance, **kwargs):
    changed([instance.user_id])

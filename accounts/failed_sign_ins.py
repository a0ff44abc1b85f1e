"""Accounts many addresses fail to sign in to: the slow alarm beside the per-address lock-outs.

django-axes locks an account name per address (`AXES_LOCKOUT_PARAMETERS`), so a guesser never locks
the real owner out; but a guesser who moves between addresses is never locked at all. Each failure
is kept in axes' `AccessFailureLog` (`AXES_ENABLE_ACCESS_FAILURE_LOG`), and an account that gathers
`SIGN_IN_ALARM_FAILURES` failures from `SIGN_IN_ALARM_ADDRESSES` addresses or more within
`SIGN_IN_ALARM_HOURS` is listed for editors on the admin's home page. Only names of real accounts
are listed: guesses at names nobody has are noise.
"""

from datetime import timedelta

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q
from django.db.models.functions import Lower
from django.utils import timezone

ALARM_LIMIT = 10


def accounts_under_attack(now=None, limit=ALARM_LIMIT):
    """[{"username", "failures", "addresses", "last"}], most failures first; two queries."""
    since = (now or timezone.now()) - timedelta(hours=settings.SIGN_IN_ALARM_HOURS)
    groups = list(
        AccessFailureLog.objects.filter(attempt_time__gte=since)
        .exclude(username=None)
        .values("username")
        .annotate(
            failures=Count("id"), addresses=Count("ip_address", distinct=True), last=Max("attempt_time")
        )
        .filter(
            failures__gte=settings.SIGN_IN_ALARM_FAILURES, addresses__gte=settings.SIGN_IN_ALARM_ADDRESSES
        )
        .order_by("-failures", "-last")[: limit * 10]
    )
    if not groups:
        return []
    names = {group["username"].lower() for group in groups}
    users = get_user_model().objects.annotate(name=Lower("username"), mail=Lower("email"))
    known = set()
    for name, mail in users.filter(Q(name__in=names) | Q(mail__in=names)).values_list("name", "mail"):
        known.update({name, mail})
    return [group for group in groups if group["username"].lower() in known][:limit]

"""Checking every Watch Now link and keeping what was found on its row.

`check_links()` asks each link's address (`dramas.link_checker`, settings `WATCH_LINK_*`), links of
different hosts taking turns so that the spacing one host is owed is spent on the others, and
records on the row: the status (`last_status`, `final_url`), when (`last_checked`), when it last
worked (`last_good`) and how many checks in a row failed (`failures`). A link is *broken* once
`WATCH_LINK_BROKEN_AFTER` checks in a row failed (`WatchLink.objects.broken()`); editors see it on
the dashboard, the drama's admin page and the articles that show it. Readers still get the link:
nothing is hidden or removed.

One run at a time across every worker and server (a lock in the shared cache), so two runs never
double the requests a partner's site receives. An address edited while it was being checked keeps
no result of the old address; an edited address counts as not checked until the next run.
"""

import logging
import uuid
from collections import defaultdict, deque

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from .link_checker import HostSpacing, LinkChecker, host_of, is_web_address
from .models import WatchLink

logger = logging.getLogger(__name__)
LOCK_KEY = "dramas:watch-link-check"


class CheckRunning(Exception):
    """Another run holds the lock."""


def default_checker(*, clock=None, sleep=None):
    """A checker configured from the settings; a test may hand in its own clock and sleep."""
    timing = {key: value for key, value in (("clock", clock), ("sleep", sleep)) if value is not None}
    return LinkChecker(
        connect_timeout=settings.WATCH_LINK_CONNECT_TIMEOUT,
        read_timeout=settings.WATCH_LINK_READ_TIMEOUT,
        spacing=HostSpacing(settings.WATCH_LINK_HOST_SPACING, **timing),
        max_redirects=settings.WATCH_LINK_MAX_REDIRECTS,
        retry_backoff=settings.WATCH_LINK_RETRY_BACKOFF,
        user_agent=f"{settings.SITE_NAME} link checker (+{settings.SITE_URL})",
        **({"sleep": sleep} if sleep is not None else {}),
    )


def taking_turns(links):
    """`links` reordered so that consecutive links have different hosts wherever possible."""
    by_host = defaultdict(deque)
    for link in links:
        by_host[host_of(link.url) if is_web_address(link.url) else ""].append(link)
    queues = list(by_host.values())
    ordered = []
    while queues:
        ordered.extend(queue.popleft() for queue in queues)
        queues = [queue for queue in queues if queue]
    return ordered


def check_links(links=None, *, checker=None, record=True, report=None):
    """Check `links` (every watch link by default) and, with `record`, keep the results on their rows.
    Returns [(link, outcome)]; `report(link, outcome)` is called as each finishes. Raises
    `CheckRunning` while another run holds the lock."""
    token = uuid.uuid4().hex
    lock_seconds = int(settings.WATCH_LINK_CHECK_HOURS * 3600)
    if not cache.add(LOCK_KEY, token, lock_seconds):
        raise CheckRunning("Another check of the watch links is running; try again when it has finished.")
    try:
        links = list(WatchLink.objects.select_related("drama") if links is None else links)
        checker = checker or default_checker()
        results = []
        for link in taking_turns(links):
            outcome = checker.check(link.url)
            if record:
                keep(link, outcome)
            results.append((link, outcome))
            if report:
                report(link, outcome)
        return results
    finally:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)


def keep(link, outcome, at=None):
    """Record `outcome` on `link`'s row, unless its address changed meanwhile."""
    at = at or timezone.now()
    same_address = link.checked_url == link.url and link.last_checked is not None
    fields = {
        "checked_url": link.url,
        "last_status": outcome.status,
        "final_url": outcome.final_url[:2000],
        "last_checked": at,
    }
    if outcome.ok:
        fields |= {"last_good": at, "failures": 0}
    elif same_address:
        fields["failures"] = F("failures") + 1
    else:
        fields |= {"last_good": None, "failures": 1}
    updated = WatchLink.objects.filter(pk=link.pk, url=link.url).update(**fields)
    if not updated:
        logger.info("Watch link %s changed or went while it was checked; its result is not kept", link.pk)
    elif not outcome.ok:
        logger.warning("Watch link %s (%s) failed its check: %s", link.pk, link.url, outcome.status)


def broken_links():
    """The broken links with their dramas, worst first (longest without working)."""
    return (
        WatchLink.objects.broken()
        .select_related("drama")
        .order_by(F("last_good").asc(nulls_first=True), "drama__title", "position", "id")
    )

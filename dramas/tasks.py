"""Background work of the knowledge base: checking the Watch Now links (`dramas.link_health`).

`celery beat` queues `check_watch_links` every `WATCH_LINK_CHECK_HOURS` (`CELERY_BEAT_SCHEDULE`);
`manage.py check_watch_links` runs the same check by hand.
"""

import logging

from celery import shared_task

from . import link_health
from .models import WatchLink

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def check_watch_links(link_ids=None):
    """Check every watch link, or those of `link_ids`, and record what was found. Safe to run twice:
    a second run while one is going does nothing, and each check only overwrites the last one."""
    links = WatchLink.objects.select_related("drama")
    if link_ids is not None:
        links = links.filter(pk__in=link_ids)
    try:
        results = link_health.check_links(links)
    except link_health.CheckRunning:
        logger.info("Watch links are being checked already; this run does nothing")
        return None
    failed = sum(1 for _link, outcome in results if not outcome.ok)
    logger.info("Checked %d watch links: %d failed", len(results), failed)
    return failed

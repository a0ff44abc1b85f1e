"""The periodic task Celery beat runs (`CELERY_BEAT_SCHEDULE` in soompi/settings.py)."""

from celery import shared_task

from .flush import flush_views as flush


@shared_task(ignore_result=True)
def flush_views():
    """Write the views counted since the last run to the database. Safe to run twice or at once on
    two machines: see `readership.flush`."""
    return flush()

"""Background work of the newsroom run by Celery beat: scheduled changes to live articles, and
the pruning of editors' old autosaves."""

from celery import shared_task

from . import autosaves, drafts


@shared_task(ignore_result=True)
def publish_due_drafts():
    """Publish the drafts of live articles whose scheduled time has come (every minute)."""
    drafts.publish_due()


@shared_task(ignore_result=True)
def prune_autosaves():
    """Drop editors' autosaves nobody wrote for `autosaves.KEEP_DAYS` days, with their files (daily)."""
    autosaves.prune()

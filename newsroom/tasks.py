"""Background work of the articles app run by Celery beat: scheduled changes to live articles."""

from celery import shared_task

from . import drafts


@shared_task(ignore_result=True)
def publish_due_drafts():
    """Publish the drafts of live articles whose scheduled time has come (every minute)."""
    drafts.publish_due()

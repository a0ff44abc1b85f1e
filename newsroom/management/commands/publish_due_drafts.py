"""`manage.py publish_due_drafts`: publish the scheduled changes to live articles whose time has come.

Celery beat runs it every minute (`newsroom.tasks.publish_due_drafts`); run it from cron where
beat does not run. A draft that fails the editorial checks by then stays a draft, unscheduled,
and is named here. Each draft is published once, however many copies run at the same time.
"""

from django.core.management.base import BaseCommand

from newsroom.drafts import publish_due


class Command(BaseCommand):
    help = "Publish the scheduled changes to live articles whose time has come."

    def handle(self, *args, **options):
        published, refused = publish_due()
        for title in published:
            self.stdout.write(f"Published the changes to “{title}”.")
        for reason in refused:
            self.stderr.write(f"Not published: {reason}")
        if not published and not refused:
            self.stdout.write("No scheduled changes are due.")

"""`manage.py send_pending_emails`: send the reply emails still owed (`comments.notifications`).

An email is owed when its reply was saved while the task queue could not take it (the broker was
down), when its worker died, or when the mail server kept refusing it. Run it once the broker is
back; Celery beat sends `send_pending_reply_emails` every five minutes (where no beat runs, run
this from cron as often). Each email goes once, however many copies of this command or workers run
at the same time.
"""

from django.core.management.base import BaseCommand

from comments.notifications import send_pending


class Command(BaseCommand):
    help = "Send the reply emails still waiting in the outbox (each once)."

    def handle(self, *args, **options):
        outcomes = send_pending()
        if not outcomes:
            self.stdout.write("No reply emails waiting.")
            return
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"Reply emails: {summary}.")

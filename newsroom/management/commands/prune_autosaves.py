"""`manage.py prune_autosaves`: delete editors' autosaves nobody wrote for a while, with their files.

An autosave is what an editor typed on a listicle's page and never saved (`newsroom.autosaves`): a
save clears it, so what is left is work abandoned, or kept from a page closed long ago. Stored files
no autosave names (a write rolled back) go once they are as old.
"""

from django.core.management.base import BaseCommand, CommandError

from newsroom import autosaves


class Command(BaseCommand):
    help = "Delete editors' autosaves not written for --days days (default 30), with their files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=float,
            default=autosaves.KEEP_DAYS,
            help=f"Delete autosaves older than this many days (default {autosaves.KEEP_DAYS}).",
        )

    def handle(self, *args, days=autosaves.KEEP_DAYS, **options):
        if days < 1:
            raise CommandError("--days: at least 1, so that nobody's work of today is deleted")
        deleted = autosaves.prune(days=days)
        self.stdout.write(
            f"Deleted {deleted} autosave{'s' if deleted != 1 else ''} older than {days:g} days."
        )

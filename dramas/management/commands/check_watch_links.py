"""`manage.py check_watch_links`: check the Watch Now links now, as the periodic task does.

Prints each link with what its site answered and whether it is now broken. `--drama SLUG` (repeatable)
checks only those dramas' links, `--broken` only the links whose last check failed, and `--dry-run`
asks the sites but records nothing. The checks keep the same per-host spacing, timeouts and retry
as the periodic task (`WATCH_LINK_*`), and refuse to start while another run is going.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F

from dramas import link_health
from dramas.link_checker import describe
from dramas.models import Drama, WatchLink


class Command(BaseCommand):
    help = "Check every Watch Now link (HEAD, then GET), record the answers and list the broken ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--drama",
            action="append",
            default=[],
            metavar="SLUG",
            help="Only this drama's links (repeatable)",
        )
        parser.add_argument("--broken", action="store_true", help="Only links whose last check failed.")
        parser.add_argument("--dry-run", action="store_true", help="Ask the sites but record nothing.")

    def handle(self, *args, drama, broken, dry_run, **options):
        links = WatchLink.objects.select_related("drama").order_by("drama__title", "position", "id")
        if drama:
            found = set(Drama.objects.filter(slug__in=drama).values_list("slug", flat=True))
            unknown = [slug for slug in drama if slug not in found]
            if unknown:
                raise CommandError(f"--drama: no drama has the slug {', '.join(map(repr, unknown))}.")
            links = links.filter(drama__slug__in=drama)
        if broken:
            links = links.filter(last_checked__isnull=False, checked_url=F("url"), failures__gt=0)
        links = list(links)
        if not links:
            self.stdout.write("No watch links to check.")
            return
        self.stdout.write(f"Checking {len(links)} watch link{'s' if len(links) != 1 else ''}…")
        try:
            results = link_health.check_links(links, record=not dry_run, report=self.report)
        except link_health.CheckRunning as refusal:
            raise CommandError(str(refusal)) from None
        failed = [link for link, outcome in results if not outcome.ok]
        summary = f"{len(results) - len(failed)} working, {len(failed)} failed"
        if dry_run:
            self.stdout.write(f"{summary}. Dry run: nothing was recorded.")
            return
        broken_now = WatchLink.objects.broken().filter(pk__in=[link.pk for link in failed]).count()
        self.stdout.write(f"{summary}; {broken_now} broken (shown to editors).")

    def report(self, link, outcome):
        moved = f" → {outcome.final_url}" if outcome.final_url != link.url else ""
        name = f"{link.drama.title} on {link.get_provider_display()}"
        line = f"{name}: {describe(outcome.status)} {link.url}{moved}"
        self.stdout.write(self.style.SUCCESS(line) if outcome.ok else self.style.ERROR(line))

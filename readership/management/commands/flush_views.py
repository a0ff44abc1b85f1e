from django.core.management.base import BaseCommand, CommandError

from readership.flush import flush_views


class Command(BaseCommand):
    help = (
        "Write the article views counted since the last flush to the database "
        "(Celery beat does it every READERSHIP_FLUSH_SECONDS)."
    )

    def handle(self, *args, **options):
        written = flush_views()
        if written is None:
            raise CommandError(
                "Another flush is running (its views are written by it), "
                "or the cache (REDIS_URL) is unreachable."
            )
        self.stdout.write(f"{written} view{'s' if written != 1 else ''} written")

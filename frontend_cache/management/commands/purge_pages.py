"""`manage.py purge_pages`: every page out of every configured frontend cache, or only `--path`s."""

from django.core.management.base import BaseCommand, CommandError

import frontend_cache


class Command(BaseCommand):
    help = (
        "Purge public pages from the caches in front of the site (FRONTEND_CACHE_BACKENDS): "
        "everything, or only the pages given with --path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            action="append",
            default=[],
            dest="paths",
            help="A page to purge: a path such as /article/1/slug/ (on every FRONTEND_CACHE_BASE_URLS) "
            "or a full URL. Repeat for more pages.",
        )

    def handle(self, *, paths, verbosity, **options):
        if not frontend_cache.enabled():
            raise CommandError(
                "No frontend cache is configured: set FRONTEND_CACHE_BACKENDS (nginx, cloudflare, fastly) "
                "and the variables of each (README, 'Caching and purging')."
            )
        if paths:
            try:
                urls = frontend_cache.absolute_urls(paths)
            except ValueError as error:
                raise CommandError(f"{error}: give a path such as /article/1/slug/ or a full URL.") from None
            failures = frontend_cache.purge(urls)
            done = f"Purged {len(urls)} address(es)"
        else:
            failures = frontend_cache.purge_all()
            done = "Purged every page"
        if failures:
            raise CommandError("Some purges failed:\n" + "\n".join(failures))
        names = ", ".join(backend.name for backend in frontend_cache.configured_backends())
        self.stdout.write(f"{done} from {names}.")
        if paths and verbosity > 1:
            self.stdout.write("\n".join(urls))

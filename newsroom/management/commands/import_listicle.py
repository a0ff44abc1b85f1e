from django.core.management.base import BaseCommand, CommandError

from interchange.files import load_file
from interchange.problems import InterchangeError
from newsroom import revisions
from newsroom.imports import StatusRefused, import_listicle


class Command(BaseCommand):
    help = (
        "Create or update one listicle, matched by its slug, from a JSON file in the import/export "
        "format. Invalid files are refused whole, naming the JSON path of every problem. A file whose "
        "status is published goes through the publishing workflow: it is refused while an editorial "
        "check fails, unless --skip-checks is given."
    )

    # `--skip-checks` here skips the editorial checks, not Django's system checks, which `handle`
    # runs itself: the option Django would add under that name is left out. Its value is stored
    # under another name, because `call_command` sets `skip_checks` unless told otherwise.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help='Path of the JSON file, or "-" to read standard input.')
        parser.add_argument(
            "--skip-checks",
            action="store_true",
            dest="skip_editorial_checks",
            help=(
                "Publish even if editorial checks fail; the status history records that they were "
                "skipped. (Django's system checks still run.)"
            ),
        )

    def handle(self, *args, file, skip_editorial_checks=False, **options):
        if not options.get("skip_checks"):
            self.check()
        try:
            result = import_listicle(load_file(file), skip_checks=skip_editorial_checks)
        except InterchangeError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            source = "standard input" if file == "-" else file
            hint = ""
            if isinstance(error, StatusRefused) and error.checks:
                hint = "\nFix the file, or pass --skip-checks to publish it anyway."
            raise CommandError(f"Nothing was imported from {source}:\n{problems}{hint}") from None
        if result.changed:
            revisions.record(result.listicle, user=None, summary="Imported from file")
        self.stdout.write(result.report())

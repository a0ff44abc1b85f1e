from django.core.management.base import BaseCommand, CommandError

from articles import revisions
from articles.interchange import InterchangeError, import_listicle, load_file


class Command(BaseCommand):
    help = (
        "Create or update one listicle, matched by its slug, from a JSON file in the import/export "
        "format. Invalid files are refused whole, naming the JSON path of every problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='Path of the JSON file, or "-" to read standard input.')

    def handle(self, *args, file, **options):
        try:
            result = import_listicle(load_file(file))
        except InterchangeError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            source = "standard input" if file == "-" else file
            raise CommandError(f"Nothing was imported from {source}:\n{problems}") from None
        if result.changed:
            revisions.record(result.listicle, user=None, summary="Imported from file")
        self.stdout.write(result.report())

import json

from django.core.management.base import BaseCommand, CommandError

from articles.models import Listicle
from interchange.exporter import export_listicle


class Command(BaseCommand):
    help = "Print one listicle as JSON in the import/export format; import_listicle reads it back."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Slug of the listicle, as in its address.")

    def handle(self, *args, slug, **options):
        listicle = Listicle.objects.filter(slug=slug).first()
        if listicle is None:
            raise CommandError(f'No listicle has the slug "{slug}".')
        self.stdout.write(json.dumps(export_listicle(listicle), indent=2, ensure_ascii=False))

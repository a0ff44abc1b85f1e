"""`manage.py strip_metadata`: take the metadata out of originals stored before uploads lost it.

New uploads are stored without EXIF, XMP, text chunks or comments (pictures/uploads.py). Files
stored earlier may still carry a camera's GPS position, animations above all, which were kept as
they came. This writes each such original again without it, under the same name, so pages,
renditions and revisions that name it keep working. Safe to run again: a clean file is left alone.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from pictures.models import Image, image_models
from pictures.uploads import without_metadata


class Command(BaseCommand):
    help = "Write again, without their metadata, the stored originals that still carry some."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the files; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        cleaned = failed = 0
        seen = set()
        for model in image_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.ImageField):
                    continue
                rows = model._default_manager.exclude(**{field.name: ""}).values_list("pk", field.name)
                for pk, name in rows.iterator():
                    if name in seen:  # a library record names the file its field stored
                        continue
                    seen.add(name)
                    where = f"{model._meta.label} {pk} {field.name}"
                    try:
                        with field.storage.open(name) as stored:
                            clean = without_metadata(stored)
                    except OSError:
                        failed += 1
                        self.stderr.write(f"{where}: cannot read {name}")
                        continue
                    if clean is None:
                        continue
                    cleaned += 1
                    self.stdout.write(f"{where}: {name}{' (would be written again)' if dry_run else ''}")
                    if not dry_run:
                        field.storage.delete(name)
                        saved = field.storage.save(name, clean)
                        if saved != name:  # the storage picked another name: the rows follow it
                            model._default_manager.filter(pk=pk).update(**{field.name: saved})
                            Image.objects.filter(file=name).update(file=saved)
        self.stdout.write(f"Written again without metadata: {cleaned}. Unreadable: {failed}.")
        if failed:
            raise CommandError(f"{failed} stored image(s) cannot be read: see the list above.")

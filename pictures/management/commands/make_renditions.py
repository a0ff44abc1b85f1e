"""`manage.py make_renditions`: make the renditions of every stored image that has none yet.

Pages make them on first view anyway; this does it ahead of time (after a deploy, an import of
media, or a change of rendition settings), so no reader waits. Safe to run again: images whose
renditions exist are only looked up.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from pictures.renditions import manifest_for


class Command(BaseCommand):
    help = "Make the renditions of every stored image that has none yet."

    def handle(self, *args, **options):
        made = failed = 0
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.ImageField):
                    continue
                rows = model._default_manager.exclude(**{field.name: ""}).only(field.name).iterator()
                for row in rows:
                    image = getattr(row, field.name)
                    if manifest_for(image) is None:
                        failed += 1
                        self.stderr.write(
                            f"{model._meta.label} {row.pk} {field.name}: cannot read {image.name}"
                        )
                    else:
                        made += 1
        self.stdout.write(f"Renditions ready: {made}. Unreadable: {failed}.")
        if failed:
            raise CommandError(f"{failed} stored image(s) cannot be read: see the list above.")

"""`manage.py make_renditions`: make the renditions of every stored image that has none yet.

Saving an image queues its renditions (`pictures.tasks`); this is the backfill, run here and now:
for images stored before, after a change of rendition settings, or when the broker was down when
an image was saved. The pages that show an image whose renditions it made are purged, as the task
would. Safe to run again (and beside the workers): images whose renditions exist are only looked
up. It says how many it made, how many were there already, and names each image it cannot read.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from pictures import renditions
from pictures.models import image_models


class Command(BaseCommand):
    help = "Make the renditions of every stored image that has none yet."

    def handle(self, *args, **options):
        done = dict.fromkeys((renditions.MADE, renditions.READY, renditions.BUSY, renditions.UNREADABLE), 0)
        seen = set()
        for model in image_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.ImageField):
                    continue
                rows = model._default_manager.exclude(**{field.name: ""}).values_list("pk", field.name)
                for pk, name in rows.iterator():
                    if name in seen:
                        continue
                    seen.add(name)
                    outcome = renditions.make_for(name, field.storage)
                    done[outcome] += 1
                    if outcome == renditions.UNREADABLE:
                        self.stderr.write(f"{model._meta.label} {pk} {field.name}: cannot read {name}")
                    elif outcome == renditions.MADE and options["verbosity"] > 1:
                        self.stdout.write(f"{model._meta.label} {pk} {field.name}: made for {name}")
        self.stdout.write(
            f"Renditions made: {done[renditions.MADE]}. Already there: {done[renditions.READY]}. "
            f"Being made elsewhere: {done[renditions.BUSY]}. Unreadable: {done[renditions.UNREADABLE]}."
        )
        if done[renditions.UNREADABLE]:
            raise CommandError(
                f"{done[renditions.UNREADABLE]} stored image(s) cannot be read: see the list above."
            )

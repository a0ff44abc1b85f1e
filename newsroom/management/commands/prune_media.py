"""`manage.py prune_media`: delete uploaded files and renditions that nothing refers to any more.

A file is kept when a model's file field names it (a media library record does: the library keeps
every image it holds), when a revision's snapshot names it (so that restoring the revision brings
the image back), or when it is younger than `--grace` hours (an upload whose form is still being
saved). Renditions are kept with the image they were made from — its crops for the focal point
its manifest names: those of an earlier focal point go once past the grace period, the pages that
showed them purged long before — and an article's share card while it is the card the article's
page names (`share_cards`).
"""

import posixpath
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.utils import timezone

from articles.models import Listicle
from articles.share_cards import card_key, stored_name
from newsroom.models import Revision
from pictures import renditions


class Command(BaseCommand):
    help = "Delete stored files no model and no revision refers to, with their renditions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted, delete nothing."
        )
        parser.add_argument(
            "--grace", type=float, default=24, help="Keep files younger than this many hours (default 24)."
        )

    def handle(self, *args, dry_run=False, grace=24, **options):
        if grace < 0:
            raise CommandError("--grace: must be zero or more hours")
        storage = default_storage
        referenced = referenced_names()
        cutoff = timezone.now() - timedelta(hours=grace)
        removed = 0
        crops = CurrentCrops(storage)
        for name in walk(storage, ""):
            if is_referenced(name, referenced, crops) or is_recent(storage, name, cutoff):
                continue
            removed += 1
            self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'} {name}")
            if not dry_run:
                storage.delete(name)
                if name.endswith("/" + renditions.MANIFEST):
                    renditions.forget(renditions.source_of(name)[0], storage)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(self.style.SUCCESS(f"{removed} unreferenced file{'s' * (removed != 1)} {verb}."))


def referenced_names():
    """Every stored name a row or a revision refers to."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                )
    for snapshot in Revision.objects.values_list("snapshot", flat=True).iterator():
        names.update(snapshot_images(snapshot))
    for listicle in Listicle.objects.only("pk", "title", "hero_image").iterator():
        names.add(stored_name(listicle, card_key(listicle)))
    names.discard(None)
    return names


def snapshot_images(snapshot):
    for entry in (snapshot or {}).get("entries") or []:
        for item in entry.get("scenes") or []:
            if isinstance(item, dict) and isinstance(item.get("image"), str):
                yield item["image"]


class CurrentCrops:
    """The crops folder each image's manifest names (its focal point's), read once per image."""

    def __init__(self, storage):
        self.storage, self.known = storage, {}

    def __call__(self, source):
        if source not in self.known:
            manifest = renditions.read_manifest(source, self.storage)
            focus = (manifest or {}).get("focus")
            self.known[source] = renditions.crop_folder(focus) if focus else None
        return self.known[source]


def is_referenced(name, referenced, current_crops):
    """Whether the stored file `name` is one of `referenced`, or a rendition of one made for its
    current focal point (crops of an older one are not)."""
    if name.startswith(renditions.FOLDER + "/"):
        source, crops = renditions.source_of(name)
        if source not in referenced:
            return False
        current = current_crops(source) if crops else None
        return crops is None or current is None or crops == current
    return name in referenced


def is_recent(storage, name, cutoff):
    try:
        return storage.get_modified_time(name) > cutoff
    except (NotImplementedError, OSError):
        return True  # when the storage cannot tell, keep the file


def walk(storage, folder):
    """Every file name under `folder`, through the storage API (works on object storage too)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        yield posixpath.join(folder, file) if folder else file
    for sub in folders:
        yield from walk(storage, posixpath.join(folder, sub) if folder else sub)

"""Editors' autosaves: what the listicle page holds and was not saved yet, kept on the server.

The page sends its whole state (`admin/autosaves.py`, `static/newsroom/admin/autosave.js`) a few
seconds after the editor stops typing and when its tab is hidden or closed, into that editor's own
`Autosave` for the listicle (or for the page adding one): every field and inline row, the text of
each picker's choices, and the files chosen in its file inputs. A form refused with errors keeps
the files it carried here too, so the page can put them back. Opening the page anywhere else
(another browser, after a crash) offers it back when it is newer than the listicle's last save.

A save of the form, publishing or discarding the draft clears the editor's autosave for that
listicle; `prune` drops the ones left older than `KEEP_DAYS` (`manage.py prune_autosaves`).
"""

import json
import logging
import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dramas.validators import IMAGE_EXTENSIONS
from pictures.decoding import MAX_IMAGE_BYTES, check

from .models import Autosave, AutosaveFile
from .models.autosaves import autosave_storage

logger = logging.getLogger(__name__)

MAX_VALUES_BYTES = 2 * 1024 * 1024
MAX_FILES = 20
MAX_VALUES = 20_000
KEEP_DAYS = 30
FIELD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
SUBMISSION = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# What Pillow reads a file as, and what the file is served back as.
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


class Refused(Exception):
    """Input the autosave will not keep, with the reason the page is told (a 400)."""


def last_written(user, listicle):
    """When the user's autosave of `listicle` (None: the new-listicle page) was written, or None."""
    return Autosave.objects.filter(user=user, listicle=listicle).values_list("updated", flat=True).first()


def of(user, listicle):
    """The user's autosave of `listicle` (None: the new-listicle page), with its files, or None."""
    return Autosave.objects.filter(user=user, listicle=listicle).prefetch_related("files").first()


def newer_than(written, moment):
    """Whether an autosave written at `written` is newer than `moment` (the listicle's last save;
    None: never saved)."""
    return written is not None and (moment is None or written > moment)


def parse_state(raw):
    """The page's state from its JSON text, checked: {"values": [[name, value]...], "labels": {...}}."""
    if len(raw.encode()) > MAX_VALUES_BYTES:
        raise Refused(f"values: at most {MAX_VALUES_BYTES // (1024 * 1024)} MB of form values")
    try:
        state = json.loads(raw)
    except ValueError:
        raise Refused("values: not JSON") from None
    if not isinstance(state, dict) or not isinstance(state.get("values"), list):
        raise Refused('values: a JSON object with a "values" list of [name, value] pairs is required')
    values = state["values"]
    if len(values) > MAX_VALUES:
        raise Refused(f"values: at most {MAX_VALUES} values")
    for pair in values:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(item, str) for item in pair)):
            raise Refused("values: each value must be a [name, value] pair of strings")
    labels = state.get("labels") or {}
    if not isinstance(labels, dict) or not all(
        isinstance(shown, dict) and all(isinstance(text, str) for text in shown.values())
        for shown in labels.values()
    ):
        raise Refused("labels: an object of {value: text} objects is required")
    return {"values": values, "labels": labels}


def check_file(name, upload):
    """The content type `upload` is kept as, or Refused naming the input and the reason."""
    if not FIELD_NAME.match(name):
        raise Refused("files: each file must be posted under its input's name")
    if upload.size > MAX_IMAGE_BYTES:
        raise Refused(f"{name}: images may be at most {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    extension = upload.name.rpartition(".")[2].lower() if "." in upload.name else ""
    if extension not in IMAGE_EXTENSIONS:
        raise Refused(f"{name}: only {', '.join(IMAGE_EXTENSIONS)} images can be kept")
    try:
        check(upload)
    except ValidationError as error:
        raise Refused(f"{name}: {' '.join(error.messages)}") from None
    from PIL import Image

    upload.seek(0)
    with Image.open(upload) as image:
        content_type = CONTENT_TYPES[image.format]
    upload.seek(0)
    return content_type


def _delete_stored(files):
    names = [item.file.name for item in files if item.file]
    # Only once the rows are gone for good: a rolled-back delete keeps rows that name their files.
    transaction.on_commit(lambda: _remove(names))


def _remove(names):
    storage = autosave_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Autosaved file %s could not be deleted", name)


def _locked(user, listicle):
    autosave, _ = Autosave.objects.select_for_update().get_or_create(
        user=user, listicle=listicle, defaults={"updated": timezone.now()}
    )
    return autosave


@transaction.atomic
def save(user, listicle, *, state, loaded_version, files=None, kept=(), submission=""):
    """Keep `state` (from `parse_state`) and `files` ({input name: upload}) as the user's autosave.

    Stored files of inputs named in `kept` stay as they are; those of other inputs are dropped (the
    editor emptied them). Returns the autosave."""
    files = dict(files or {})
    if len(files) > MAX_FILES:
        raise Refused(f"files: at most {MAX_FILES} files")
    types = {name: check_file(name, upload) for name, upload in files.items()}
    autosave = _locked(user, listicle)
    autosave.values = state
    autosave.loaded_version = loaded_version[: Autosave._meta.get_field("loaded_version").max_length]
    autosave.updated = timezone.now()
    autosave.save()
    stale = [item for item in autosave.files.all() if item.name in files or item.name not in kept]
    _delete_stored(stale)
    AutosaveFile.objects.filter(pk__in=[item.pk for item in stale]).delete()
    if autosave.files.count() + len(files) > MAX_FILES:
        raise Refused(f"files: at most {MAX_FILES} files")
    for name, upload in files.items():
        _store(autosave, name, upload, types[name], submission)
    return autosave


def _store(autosave, name, upload, content_type, submission):
    stored = AutosaveFile(
        autosave=autosave,
        name=name,
        filename=upload.name[: AutosaveFile._meta.get_field("filename").max_length],
        content_type=content_type,
        size=upload.size,
        submission=submission if SUBMISSION.match(submission or "") else "",
    )
    stored.file.save(upload.name, upload, save=False)
    # Written before the row: a transaction rolled back leaves a file no row names, which `prune` finds.
    stored.save()
    return stored


@transaction.atomic
def keep_refused_files(user, listicle, files, *, submission=""):
    """A form refused with errors carried `files`: keep the images among them in the user's
    autosave (beside what it holds), so the page can put them back. What is not an image the site
    accepts is left out: the form already says why."""
    accepted = {}
    for name, upload in files.items():
        try:
            accepted[name] = (upload, check_file(name, upload))
        except Refused:
            continue
    if not accepted:
        return None
    autosave = _locked(user, listicle)
    autosave.updated = timezone.now()
    autosave.save(update_fields=["updated"])
    replaced = list(autosave.files.filter(name__in=accepted))
    _delete_stored(replaced)
    AutosaveFile.objects.filter(pk__in=[item.pk for item in replaced]).delete()
    for name, (upload, content_type) in list(accepted.items())[:MAX_FILES]:
        _store(autosave, name, upload, content_type, submission)
    return autosave


@transaction.atomic
def clear(user, listicle):
    """Drop the user's autosave of `listicle` (None: of the new-listicle page) and its files."""
    autosaves = Autosave.objects.filter(user=user, listicle=listicle)
    _delete_stored(AutosaveFile.objects.filter(autosave__in=autosaves))
    deleted, _ = autosaves.delete()
    return bool(deleted)


@transaction.atomic
def prune(*, days=KEEP_DAYS, now=None):
    """Drop every autosave not written for `days` days, with its files; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Autosave.objects.filter(updated__lt=cutoff)
    _delete_stored(AutosaveFile.objects.filter(autosave__in=old))
    deleted = old.count()
    old.delete()
    transaction.on_commit(lambda: _remove(orphans(cutoff)))
    return deleted


def orphans(cutoff):
    """Stored files older than `cutoff` that no autosave names (their save was rolled back)."""
    storage = autosave_storage()
    named = set(AutosaveFile.objects.values_list("file", flat=True))
    found = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        folders.extend(f"{folder}{name}/" for name in subfolders)
        for name in files:
            path = f"{folder}{name}"
            if path not in named and storage.get_modified_time(path) < cutoff:
                found.append(path)
    return found

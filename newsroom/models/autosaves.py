"""What an editor typed on a listicle's page and has not saved yet, kept on the server.

One `Autosave` per editor and listicle (and one per editor for the page adding a new listicle),
written by the page every few seconds of typing (`newsroom.autosaves`). It is that editor's alone:
the admin reads it back only to them, and a save of the form clears it.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from articles.models import Listicle


class AutosaveStorage(LazyObject):
    """Private storage (`STORAGES["autosaves"]`): nothing in it has a public address. Looked up when
    first used, and again after the setting changes (as Django's `default_storage` is)."""

    def _setup(self):
        self._wrapped = storages["autosaves"]


autosave_files = AutosaveStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        autosave_files._wrapped = empty


def autosave_storage():
    return autosave_files


class Autosave(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # None: the page adding a new listicle.
    listicle = models.ForeignKey(
        Listicle, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    # The listicle's version the page was loaded with: restoring it merges with saves made since.
    loaded_version = models.CharField(max_length=100, blank=True)
    # {"values": [[field name, value], ...], "labels": {field name: {value: shown text}}}
    values = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "listicle"],
                condition=Q(listicle__isnull=False),
                name="one_autosave_per_editor_and_listicle",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(listicle__isnull=True),
                name="one_new_listicle_autosave_per_editor",
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.listicle or 'a new listicle'} by {self.user}"


class AutosaveFile(models.Model):
    """A file the editor chose in one of the page's file inputs (`name`), kept until they save."""

    autosave = models.ForeignKey(Autosave, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    file = models.FileField(storage=autosave_storage, upload_to="%Y/%m/", max_length=300)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    # The form submission that carried it, when a save was refused with errors: that page puts it back.
    submission = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["autosave", "name"], name="one_autosave_file_per_input")
        ]

    def __str__(self):
        return self.filename

"""The audit trail of a listicle: every workflow transition and every saved revision."""

from django.conf import settings
from django.db import models

from .listicles import Listicle, Status


class Transition(models.Model):
    """One row per status change: who, when, from, to, and the note they left."""

    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Status)
    to_status = models.CharField(max_length=10, choices=Status)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Revision(models.Model):
    """A snapshot of a listicle with its entries and scenes, in the import/export format."""

    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="revisions")
    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    snapshot = models.JSONField()
    # Not part of the export format: restoring updates these entries, so readers' votes stay with them.
    entry_ids = models.JSONField(
        default=list, blank=True, help_text="The ids of the snapshot's entries, in its order."
    )
    summary = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"Revision {self.pk} of {self.listicle_id}"

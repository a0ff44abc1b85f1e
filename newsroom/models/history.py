"""The audit trail of a listicle: every workflow transition and every saved revision."""

from django.conf import settings
from django.db import models

from articles.models import Listicle, Status


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
        db_table = "articles_transition"
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
    # Kept while the article was live: readers did not see it until its draft was published.
    draft = models.BooleanField(default=False)

    class Meta:
        db_table = "articles_revision"
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"Revision {self.pk} of {self.listicle_id}"


class Draft(models.Model):
    """The unpublished changes to a live listicle, shared by everyone who edits it.

    Readers keep the live version (the listicle's own rows) until an editor publishes the draft
    (`newsroom.drafts`). `revision` holds its content; a save of the change page keeps a new one.
    """

    listicle = models.OneToOneField(Listicle, on_delete=models.CASCADE, related_name="live_draft")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A writer's changes wait for an editor: submitted for review when the writer saves them.
    in_review = models.BooleanField(default=False)
    # When the changes go live by themselves (`manage.py publish_due_drafts`, Celery beat).
    publish_at = models.DateTimeField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "articles_draft"
        indexes = [models.Index(fields=["publish_at"], name="draft_due")]

    def __str__(self):
        return f"Draft of {self.listicle_id}"

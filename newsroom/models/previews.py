"""Signed preview links that were handed out, so that each one can be listed and revoked."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Listicle


class PreviewLinkQuerySet(models.QuerySet):
    def live(self):
        """Links that still open the preview: not revoked and not expired."""
        return self.filter(revoked_at=None, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """One shared preview link: its signed token names this row, so revoking the row kills the link."""

    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="preview_links")
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        db_table = "articles_previewlink"
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"Preview link {self.pk} of {self.listicle_id}"

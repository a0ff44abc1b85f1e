"""Previews: the real article page for a listicle in any status, for staff and by signed link.

A signed link carries the id of a `PreviewLink` row (which names the listicle), signed with the
site's secret and a salt of its own and stamped with the time it was made; it works without a
login until `settings.PREVIEW_MAX_AGE` seconds have passed or until the row is revoked, whatever
happens to the listicle afterwards. A live article with a draft previews its draft
(`newsroom.drafts`). Previews are never indexed, cached or shown for archived
articles by link.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic.base import TemplateResponseMixin

from articles.models import Listicle, Status
from articles.views import ListiclePageMixin

from . import drafts
from .models import Draft, PreviewLink

# Tokens name a PreviewLink; the salt differs from the one of the links that named the listicle.
SALT = "newsroom.preview.link"


def make_token(listicle, *, by=None):
    """A new preview link to `listicle`, recorded so that it can be listed and revoked."""
    link = PreviewLink.objects.create(listicle=listicle, created_by=by, expires_at=link_expires())
    return token_for(link)


def token_for(link):
    return signing.dumps(link.pk, salt=SALT)


def read_token(token):
    """The PreviewLink id a token names; raises signing.BadSignature when tampered with or expired."""
    return signing.loads(token, salt=SALT, max_age=settings.PREVIEW_MAX_AGE)


def revoke(link, *, by):
    """Stop `link` from opening the preview, for good."""
    PreviewLink.objects.filter(pk=link.pk, revoked_at=None).update(revoked_at=timezone.now(), revoked_by=by)


def link_expires():
    """When a link made now stops working."""
    return timezone.now() + timedelta(seconds=settings.PREVIEW_MAX_AGE)


def can_share(listicle):
    return listicle.status != Status.ARCHIVED


class PreviewView(ListiclePageMixin, TemplateResponseMixin, View):
    """The article page for the listicle `pk`, marked as a preview. Callers decide who may see it."""

    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Listicle.objects.for_page()

    def get_listicle(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        listicle = self.get_listicle()
        if drafts.edits_into_draft(listicle) and Draft.objects.filter(listicle=listicle).exists():
            # A live article with unpublished changes: the preview shows them (`newsroom.drafts`).
            with drafts.on_draft(listicle):
                return self.preview_of(self.get_listicle())
        return self.preview_of(listicle)

    def preview_of(self, listicle):
        """The page of `listicle` (fetched with `for_page()`) as rendered now, while its rows read
        as they do: a caller working within a savepoint it takes back renders what it wrote."""
        response = self.render_to_response(self.get_listicle_context(listicle, is_preview=True))
        response.render()
        # Unpublished text must not reach search engines or shared caches.
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


class SignedPreviewView(PreviewView):
    """`/preview/<token>/`: anyone holding a valid link; tampered, expired, revoked or archived: 404."""

    def get_queryset(self):
        return super().get_queryset().exclude(status=Status.ARCHIVED)

    def get_listicle(self):
        try:
            pk = read_token(self.kwargs["token"])
        except signing.BadSignature as exc:  # SignatureExpired is one too
            raise Http404("This preview link is not valid or has expired.") from exc
        if not isinstance(pk, int):
            raise Http404("This preview link is not valid.")
        # One query: the listicle, joined to the link, which must not be revoked.
        return get_object_or_404(self.get_queryset(), preview_links__pk=pk, preview_links__revoked_at=None)

"""Restoring a revision of a listicle from the admin: see what would change, then confirm."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from .. import comparison, revisions
from ..interchange import InterchangeError


class RestoreRevisionAdminMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_revision_view),
                name=self.url_name("revisions_restore"),
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def restore_revision_view(self, request, object_id, revision_id):
        listicle = self.page_listicle(request, object_id, self.has_change_permission)
        revision = listicle.revisions.select_related("user").filter(pk=revision_id).first()
        if revision is None:
            raise Http404("This article has no such revision.")
        revision_number = revisions.number(revision)
        problems = []
        if request.method == "POST":
            try:
                restored = revisions.restore(revision, user=request.user)
            except InterchangeError as error:
                problems = error.problems
            else:
                self.log_change(request, listicle, restored.summary)
                self.message_user(
                    request,
                    f"Restored revision #{revision_number}, kept as revision #{revisions.number(restored)}. "
                    "Status and publishing time are unchanged.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self.page_url("change", listicle), status=303)
        now = revisions.content(revisions.snapshot_of(listicle))
        restored = revisions.content(revisions.restorable(revision.snapshot))
        return self.render_page(
            request,
            "restore.html",
            listicle,
            f"Restore revision #{revision_number}",
            status=409 if problems else 200,
            revision=revision,
            revision_number=revision_number,
            changes=comparison.diff(now, restored),
            problems=problems,
        )

"""Staff preview: any listicle the user may see, in the real article page, from its change page."""

from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from .. import preview


class StaffPreviewAdminMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name=self.url_name("preview")),
            *super().get_urls(),
        ]

    def revision_tools(self, request, listicle, form):
        return {
            **super().revision_tools(request, listicle, form),
            "preview_url": self.page_url("preview", listicle),
        }

    @method_decorator(require_safe)
    def preview_view(self, request, object_id):
        listicle = self.page_listicle(request, object_id, self.has_view_permission)
        return preview.PreviewView.as_view()(request, pk=listicle.pk)

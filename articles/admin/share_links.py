"""Signed preview links from the admin: make one to share an unpublished listicle."""

from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from .. import preview


class ShareLinksAdminMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/share/",
                wrap(self.share_preview_view),
                name=self.url_name("share_preview"),
            ),
            *super().get_urls(),
        ]

    def revision_tools(self, request, listicle, form):
        tools = super().revision_tools(request, listicle, form)
        shareable = self.has_change_permission(request, listicle) and preview.can_share(listicle)
        return {**tools, "share_url": self.page_url("share_preview", listicle) if shareable else ""}

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def share_preview_view(self, request, object_id):
        listicle = self.page_listicle(request, object_id, self.has_change_permission)
        shareable = preview.can_share(listicle)
        link = None
        if request.method == "POST" and shareable:
            token = preview.make_token(listicle)
            link = request.build_absolute_uri(reverse("articles:preview", kwargs={"token": token}))
        return self.render_page(
            request,
            "share_preview.html",
            listicle,
            "Share a preview",
            status=409 if request.method == "POST" and not shareable else 200,
            shareable=shareable,
            link=link,
            expires=preview.link_expires(),
            preview_url=self.page_url("preview", listicle),
        )

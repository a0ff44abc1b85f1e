"""Signed preview links from the admin: make one to share an unpublished listicle, see the links
that still work with their expiry, and revoke one."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

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
            path(
                "<path:object_id>/preview/share/<int:link_id>/revoke/",
                wrap(self.revoke_preview_link_view),
                name=self.url_name("revoke_preview_link"),
            ),
            *super().get_urls(),
        ]

    def revision_tools(self, request, listicle, form):
        tools = super().revision_tools(request, listicle, form)
        shareable = self.has_change_permission(request, listicle) and preview.can_share(listicle)
        return {
            **tools,
            "share_url": self.page_url("share_preview", listicle) if shareable else "",
            "live_links": listicle.preview_links.live().count() if shareable else 0,
        }

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def share_preview_view(self, request, object_id):
        listicle = self.page_listicle(request, object_id, self.has_change_permission)
        shareable = preview.can_share(listicle)
        link = None
        if request.method == "POST" and shareable:
            token = preview.make_token(listicle, by=request.user)
            link = request.build_absolute_uri(reverse("articles:preview", kwargs={"token": token}))
        live_links = [
            (shared, self.page_url("revoke_preview_link", listicle, shared.pk))
            for shared in listicle.preview_links.live().select_related("created_by")
        ]
        return self.render_page(
            request,
            "share_preview.html",
            listicle,
            "Share a preview",
            status=409 if request.method == "POST" and not shareable else 200,
            shareable=shareable,
            link=link,
            live_links=live_links,
            expires=preview.link_expires(),
            preview_url=self.page_url("preview", listicle),
        )

    @method_decorator(require_POST)
    def revoke_preview_link_view(self, request, object_id, link_id):
        listicle = self.page_listicle(request, object_id, self.has_change_permission)
        shared = listicle.preview_links.filter(pk=link_id).first()
        if shared is None:
            raise Http404("This article has no such preview link.")
        preview.revoke(shared, by=request.user)
        self.log_change(
            request,
            listicle,
            f"Revoked a preview link made {timezone.localtime(shared.created):%d %b %Y %H:%M}",
        )
        self.message_user(
            request, "The preview link was revoked: it no longer opens the article.", messages.SUCCESS
        )
        return HttpResponseRedirect(self.page_url("share_preview", listicle), status=303)

"""Presence on the listicle change page: who else has it open, with unsaved changes or not.

The page reports itself to a small JSON view every half minute (`static/articles/admin/presence.js`)
and shows the answer; without JavaScript the page shows who was there when it loaded.
"""

from django.http import JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from .. import presence


class PresenceAdminMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/presence/", wrap(self.presence_view), name=self.url_name("presence")),
            *super().get_urls(),
        ]

    def revision_tools(self, request, listicle, form):
        tools = super().revision_tools(request, listicle, form)
        if not self.has_change_permission(request, listicle):
            return tools
        return {
            **tools,
            "presence_url": self.page_url("presence", listicle),
            "others": presence.others(listicle.pk, request.user),
        }

    @method_decorator(require_POST)
    def presence_view(self, request, object_id):
        """POST `page` (the tab's id), `unsaved` (1 or 0), optional `leaving`; answers who else is there."""
        listicle = self.page_listicle(request, object_id, self.has_change_permission)
        page = request.POST.get("page", "")
        if not presence.PAGE_ID.match(page):
            return JsonResponse(
                {"error": "page: an id of 8 to 64 letters, digits or dashes is required"}, status=400
            )
        if request.POST.get("leaving"):
            presence.leave(listicle.pk, page)
            return JsonResponse({"others": []})
        presence.report(listicle.pk, request.user, page=page, unsaved=request.POST.get("unsaved") == "1")
        return JsonResponse({"others": presence.others(listicle.pk, request.user, page=page)})

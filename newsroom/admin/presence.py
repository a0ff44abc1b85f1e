"""Presence on the listicle change page: who else has it open, with unsaved changes or not.

The page reports itself to a small JSON view every few seconds (`static/newsroom/admin/presence.js`)
and shows the answer; without JavaScript the page shows who was there when it loaded. Whoever may
see the article may report: a page they may not change is present as reading.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .. import presence
from .pages import page_listicle


@require_POST
def presence_view(request, object_id, *, model_admin):
    """POST `page` (the tab's id), `unsaved` (1 or 0), optional `leaving`; answers who else is there."""
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_view_permission)
    reading = not model_admin.has_change_permission(request, listicle)
    page = request.POST.get("page", "")
    if not presence.PAGE_ID.match(page):
        return JsonResponse(
            {"error": "page: an id of 8 to 64 letters, digits or dashes is required"}, status=400
        )
    if request.POST.get("leaving"):
        presence.leave(listicle.pk, page)
        return JsonResponse({"others": []})
    presence.report(
        listicle.pk, request.user, page=page, unsaved=request.POST.get("unsaved") == "1", reading=reading
    )
    return JsonResponse({"others": presence.others(listicle.pk, request.user, page=page)})

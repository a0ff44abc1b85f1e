"""Signed preview links from the admin: make one to share an unpublished listicle, see the links
that still work with their expiry, and revoke one."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import preview
from .pages import page_listicle, page_url, render_page


@require_http_methods(["GET", "HEAD", "POST"])
def share_preview_view(request, object_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    shareable = preview.can_share(listicle)
    link = None
    if request.method == "POST" and shareable:
        token = preview.make_token(listicle, by=request.user)
        link = request.build_absolute_uri(reverse("articles:preview", kwargs={"token": token}))
    live_links = [
        (shared, page_url(model_admin, "revoke_preview_link", listicle, shared.pk))
        for shared in listicle.preview_links.live().select_related("created_by")
    ]
    return render_page(
        model_admin,
        request,
        "share_preview.html",
        listicle,
        "Share a preview",
        status=409 if request.method == "POST" and not shareable else 200,
        shareable=shareable,
        link=link,
        live_links=live_links,
        expires=preview.link_expires(),
        preview_url=page_url(model_admin, "preview", listicle),
    )


@require_POST
def revoke_preview_link_view(request, object_id, link_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    shared = listicle.preview_links.filter(pk=link_id).first()
    if shared is None:
        raise Http404("This article has no such preview link.")
    preview.revoke(shared, by=request.user)
    model_admin.log_change(
        request,
        listicle,
        f"Revoked a preview link made {timezone.localtime(shared.created):%d %b %Y %H:%M}",
    )
    model_admin.message_user(
        request, "The preview link was revoked: it no longer opens the article.", messages.SUCCESS
    )
    return HttpResponseRedirect(page_url(model_admin, "share_preview", listicle), status=303)

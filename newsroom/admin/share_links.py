"""Signed preview links from the admin: make one to share an unpublished listicle, see the links
that still work with their expiry, and revoke one after a confirmation page (revoking cannot be
undone: whoever holds the link loses the article for good)."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

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


@require_http_methods(["GET", "HEAD", "POST"])
def revoke_preview_link_view(request, object_id, link_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    shared = listicle.preview_links.live().select_related("created_by").filter(pk=link_id).first()
    if shared is None:
        raise Http404("This article has no working preview link of that number: it may be revoked already.")
    if request.method != "POST":
        return render_page(
            model_admin,
            request,
            "revoke_preview_link.html",
            listicle,
            "Revoke a preview link",
            shared=shared,
            share_url=page_url(model_admin, "share_preview", listicle),
        )
    preview.revoke(shared, by=request.user)
    model_admin.log_change(
        request,
        listicle,
        f"Revoked a preview link made {date_format(timezone.localtime(shared.created), 'DATETIME_FORMAT')}",
    )
    model_admin.message_user(
        request, "The preview link was revoked: it no longer opens the article.", messages.SUCCESS
    )
    return HttpResponseRedirect(page_url(model_admin, "share_preview", listicle), status=303)

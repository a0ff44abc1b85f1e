"""What the extra pages of the listicle admin share: their URLs, the listicle they are about and
their rendering.

Each page is a view function in the module of its concept (history, compare, restore, preview,
share links, presence, workflow), listed once in `ListicleAdmin.get_urls`. Its URL pattern hands it
the admin as `model_admin`; the view checks its own permission with `page_listicle`.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.models import Status

TEMPLATES = "admin/articles/listicle/revisions"


def status_label(value):
    return Status(value).label if value in Status.values else "—"


def url_name(model_admin, page):
    """The name of one of the admin's pages, without the admin's namespace."""
    return f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_{page}"


def page_url(model_admin, page, listicle, *args):
    name = f"admin:{url_name(model_admin, page)}"
    return reverse(name, args=[listicle.pk, *args], current_app=model_admin.admin_site.name)


def page_listicle(model_admin, request, object_id, may):
    """The listicle the admin lets `request.user` see, if `may(request, obj)`; 404 or 403 otherwise."""
    listicle = model_admin.get_object(request, unquote(object_id))
    if listicle is None:
        raise Http404("There is no such article, or it is not yours to see.")
    if not may(request, listicle):
        raise PermissionDenied
    return listicle


def render_page(model_admin, request, template, listicle, title, status=200, **context):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "object": listicle,
        "title": title,
        "subtitle": str(listicle),
        "change_url": page_url(model_admin, "change", listicle),
        "history_url": page_url(model_admin, "revisions", listicle),
        **context,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, f"{TEMPLATES}/{template}", context, status=status)

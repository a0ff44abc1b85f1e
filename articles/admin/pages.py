"""What the extra pages of the listicle admin share: their URLs, the listicle they are about,
their rendering, and the "revision tools" panel of the change page that links to them.

Each page is added by its own mixin (history, compare, restore, preview, share links), which
adds its URL in `get_urls()` and its part of the panel in `revision_tools()`, calling super().
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Status


def status_label(value):
    return Status(value).label if value in Status.values else "—"


class ListiclePagesMixin:
    revision_templates = "admin/articles/listicle/revisions"

    def url_name(self, page):
        """The name of one of this admin's pages, without the admin's namespace."""
        return f"{self.opts.app_label}_{self.opts.model_name}_{page}"

    def page_url(self, page, listicle, *args):
        name = f"admin:{self.url_name(page)}"
        return reverse(name, args=[listicle.pk, *args], current_app=self.admin_site.name)

    def page_listicle(self, request, object_id, may):
        """The listicle this admin lets `request.user` see, if `may(request, obj)`; 404 or 403 otherwise."""
        listicle = self.get_object(request, unquote(object_id))
        if listicle is None:
            raise Http404("There is no such article, or it is not yours to see.")
        if not may(request, listicle):
            raise PermissionDenied
        return listicle

    def render_page(self, request, template, listicle, title, status=200, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": listicle,
            "title": title,
            "subtitle": str(listicle),
            "change_url": self.page_url("change", listicle),
            "history_url": self.page_url("revisions", listicle),
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, f"{self.revision_templates}/{template}", context, status=status)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            form = context["adminform"].form if context.get("adminform") else None
            context["revision_tools"] = self.revision_tools(request, obj, form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def revision_tools(self, request, listicle, form):
        """What the change page shows about revisions and previews (the revision_tools.html partial)."""
        return {}

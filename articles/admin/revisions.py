"""Revision history in the listicle admin: a revision is kept after every save, and listed.

`RevisionHistoryAdminMixin` keeps a revision of the listicle after each save of its change page
and adds the page listing them; `PartRevisionAdminMixin` does the same for the pages of a part
of a listicle (an entry, a clip). Every hook calls super(), so they compose with the other admin
mixins and adminsortable2.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from soompi.change_messages import change_summary

from .. import revisions
from .pages import status_label

REVISIONS_PER_PAGE = 50
MOVES_SHOWN = 50


class PartRevisionAdminMixin:
    """For the pages of a part of a listicle (an entry, a clip): saving it changes the listicle.

    The listicle keeps a revision, and anyone with the listicle's form open is told when they save.
    The admin using it says which listicle an object belongs to with `listicle_of(obj)`.
    """

    def listicle_of(self, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        revisions.record_starting_point(self.listicle_of(obj))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        part = form.instance
        if change:
            summary = f"{part}: {change_summary(self, request, form, formsets) or 'Saved'}"
        else:
            summary = f"Added {part._meta.verbose_name} “{part}”"
        self._changed(request, [self.listicle_of(part)], summary)

    def delete_model(self, request, obj):
        listicle = self.listicle_of(obj)
        revisions.record_starting_point(listicle)
        super().delete_model(request, obj)
        self._changed(request, [listicle], f"Deleted {obj._meta.verbose_name} “{obj}”")

    def delete_queryset(self, request, queryset):
        listicles = list({listicle.pk: listicle for listicle in map(self.listicle_of, queryset)}.values())
        for listicle in listicles:
            revisions.record_starting_point(listicle)
        super().delete_queryset(request, queryset)
        self._changed(request, listicles, f"Deleted {queryset.model._meta.verbose_name_plural}")

    def _changed(self, request, listicles, summary):
        for listicle in listicles:
            listicle.save(update_fields=["updated"])
            revisions.record(listicle, user=request.user, summary=summary)


class RevisionHistoryAdminMixin:
    def save_model(self, request, obj, form, change):
        if change:
            revisions.record_starting_point(obj)  # reads the listicle as stored, before this save
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        summary = (change_summary(self, request, form, formsets) or "Saved") if change else "Created"
        revisions.record(form.instance, user=request.user, summary=summary)

    def revision_tools(self, request, listicle, form):
        tools = super().revision_tools(request, listicle, form)
        can_change = self.has_change_permission(request, listicle)
        return {
            **tools,
            "count": listicle.revisions.count(),
            "latest": revisions.latest(listicle),
            "history_url": self.page_url("revisions", listicle) if can_change else "",
        }

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=self.url_name("revisions")),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        """One history: the admin's History button shows the revisions and the workflow's moves."""
        listicle = self.get_object(request, unquote(object_id))
        if listicle is not None and self.has_change_permission(request, listicle):
            return self.revisions_view(request, object_id)
        return super().history_view(request, object_id, extra_context)

    @method_decorator(require_safe)
    def revisions_view(self, request, object_id):
        listicle = self.page_listicle(request, object_id, self.has_change_permission)
        paginator = Paginator(listicle.revisions.select_related("user").order_by("-id"), REVISIONS_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        first_number = paginator.count - page.start_index() + 1
        rows = [
            (first_number - index, revision, status_label(revision.snapshot.get("status")))
            for index, revision in enumerate(page)
        ]
        return self.render_page(
            request,
            "list.html",
            listicle,
            "History of revisions",
            rows=rows,
            page=page,
            page_range=paginator.get_elided_page_range(page.number),
            compare_url=self.page_url("revisions_compare", listicle),
            moves=self.logged_moves(listicle),
        )

    def logged_moves(self, listicle):
        """What the admin's log holds beside the saves (which the revisions show): workflow moves."""
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(listicle), object_id=str(listicle.pk)
        ).exclude(change_message__startswith="[")  # a save's structured message
        return list(
            entries.exclude(change_message="").select_related("user").order_by("-action_time")[:MOVES_SHOWN]
        )

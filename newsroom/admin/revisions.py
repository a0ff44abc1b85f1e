"""Revision history in the admin: a revision of the listicle is kept after every save, and listed.

`ListicleAdmin` keeps one after each save of the listicle's change page (its `save_model` and
`save_related` call `newsroom.revisions`); `revisions_view` is the page listing them.
`PartRevisionAdminMixin` keeps one when a part of a listicle (an entry, a clip) is saved on its
own page.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.views.decorators.http import require_safe

from soompi.change_messages import change_summary

from .. import drafts, revisions, workflow
from .pages import page_listicle, page_url, render_page, status_label

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
        work = drafts.working()
        if work is not None:  # a live article's part, saved into its draft (`part_drafts`)
            work.keep(user=request.user, summary=summary, in_review=not workflow.is_editor(request.user))
            return
        for listicle in listicles:
            listicle.save(update_fields=["updated"])
            revisions.record(listicle, user=request.user, summary=summary)


@require_safe
def revisions_view(request, object_id, *, model_admin):
    """The listicle's revisions, newest first, and the workflow's moves beside them."""
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    paginator = Paginator(listicle.revisions.select_related("user").order_by("-id"), REVISIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    first_number = paginator.count - page.start_index() + 1
    rows = [
        (first_number - index, revision, status_label(revision.snapshot.get("status")))
        for index, revision in enumerate(page)
    ]
    return render_page(
        model_admin,
        request,
        "list.html",
        listicle,
        "History of revisions",
        rows=rows,
        page=page,
        page_range=paginator.get_elided_page_range(page.number),
        compare_url=page_url(model_admin, "revisions_compare", listicle),
        moves=logged_moves(listicle),
    )


def logged_moves(listicle):
    """What the admin's log holds beside the saves (which the revisions show): workflow moves."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(listicle), object_id=str(listicle.pk)
    ).exclude(change_message__startswith="[")  # a save's structured message
    return list(
        entries.exclude(change_message="").select_related("user").order_by("-action_time")[:MOVES_SHOWN]
    )

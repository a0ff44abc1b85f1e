"""What readers said, for editors: the reaction kinds, and each listicle's reactions and votes.

Editors add, rename, retire and reorder (by dragging) the reaction kinds. A kind readers have used
cannot be deleted, since that would erase their reactions; the admin says so and points to
"Active" instead. The listicle admin shows a sortable Reactions column (one subquery, no query per
row) and, on the change page, `reader_responses`: the reactions per kind and the poll results.
"""

from adminsortable2.admin import SortableAdminMixin
from django.contrib import admin
from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string

from dramas.admin import related_count

from .. import polls, reactions
from ..models import Reaction, ReactionKind
from ..page_invalidation import kinds_updated

RETIRE_INSTEAD = (
    "A kind readers have used cannot be deleted: "
    "untick “Active” to take it out of the box and keep its history."
)


@admin.register(ReactionKind)
class ReactionKindAdmin(SortableAdminMixin, admin.ModelAdmin):
    list_display = ["emoji", "label", "slug", "active", "reaction_count"]
    list_display_links = ["label"]
    list_filter = ["active"]
    search_fields = ["label", "slug"]
    prepopulated_fields = {"slug": ["label"]}
    fields = ["label", "slug", "emoji", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reaction_count=related_count(Reaction, "kind"))

    def update_order(self, request):
        """Dragging saves the new order with `bulk_update`, which sends no signal: the pages (and
        the kinds each worker keeps) learn of it here."""
        response = super().update_order(request)
        if response.status_code == 200:
            kinds_updated()
        return response

    def _bulk_move(self, request, queryset, method):
        """The changelist's "move to page" actions, likewise."""
        response = super()._bulk_move(request, queryset, method)
        kinds_updated()
        return response

    @admin.display(description="Reactions", ordering="reaction_count")
    def reaction_count(self, kind):
        return kind.reaction_count

    def get_deleted_objects(self, objs, request):
        """Refuse, with the reason, to delete a kind that has reactions (without listing them all)."""
        used = (
            Reaction.objects.filter(kind__in=[kind.pk for kind in objs])
            .values_list("kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        used = dict(used)
        if used:
            protected = [
                f"{kind}: {used[kind.pk]} reader reaction{pluralize(used[kind.pk])}. {RETIRE_INSTEAD}"
                for kind in objs
                if kind.pk in used
            ]
            return [], {}, set(), protected
        return super().get_deleted_objects(objs, request)


def reader_responses(listicle):
    """The reactions per kind and the poll results, for the listicle's change page."""
    if listicle is None or listicle.pk is None:
        return "–"
    kinds = list(ReactionKind.objects.all())
    box = reactions.box(listicle, kinds=kinds)
    numbered = listicle.numbered(listicle.entries.select_related("drama"))
    poll = polls.poll(listicle, None, numbered, mine=None, public=True)
    return render_to_string(
        "admin/articles/listicle/reader_responses.html", {"box": box, "poll": poll, "listicle": listicle}
    )

"""The publishing workflow on the list of listicles: a status column and filter that know about
scheduling, and bulk actions for the moves of `articles.workflow.MOVES` that need no note or time.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR

from .. import workflow
from ..models import Status
from ..workflow import TransitionRefused
from .transitions import status_label


class PublicationFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, "Draft"),
            (Status.REVIEW, "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Published"),
            (Status.ARCHIVED, "Archived"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "live":
            return queryset.published()
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


# Moves offered as bulk actions on the list: (description, what the success message says was done).
BULK_ACTIONS = {
    "submit": ("Submit selected listicles for review", "submitted for review"),
    "publish": ("Publish selected listicles now", "published"),
    "unpublish": ("Unpublish selected listicles", "unpublished"),
    "archive": ("Archive selected listicles", "archived"),
}


def bulk_action(move, done):
    def action(model_admin, request, queryset):
        model_admin.transition_in_bulk(request, queryset, move, done)

    return action


class WorkflowListMixin:
    # The list: a status column that knows about scheduling, its filter and bulk actions.

    @admin.display(description="Status", ordering="status")
    def publication_status(self, obj):
        return status_label(obj)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if "publication_status" not in columns:
            if "status" in columns:
                columns[columns.index("status")] = "publication_status"
            else:
                columns.append("publication_status")
        return columns

    def get_list_filter(self, request):
        filters = [item for item in super().get_list_filter(request) if item != "status"]
        return [PublicationFilter, *filters] if PublicationFilter not in filters else filters

    def get_actions(self, request):
        """Each move in `BULK_ACTIONS`, for those with the permission `workflow.MOVES` gives it."""
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        for slug, (description, done) in BULK_ACTIONS.items():
            move = workflow.MOVES[slug]
            if request.user.has_perm(move.permission):
                name = f"{slug}_selected"
                actions[name] = (bulk_action(move, done), name, description)
        return actions

    def transition_in_bulk(self, request, queryset, move, done):
        """Move each listicle on its own; report what moved and, per listicle, why not."""
        moved = 0
        for listicle in queryset.select_related("author"):
            try:
                reason = workflow.move_refusal(listicle, move, request.user)
                if reason:
                    raise TransitionRefused(reason)
                record = workflow.transition(listicle, to=move.to, by=request.user, move=move.name)
            except TransitionRefused as refused:
                self.message_user(request, f"Not {done}: {refused}", messages.ERROR)
            else:
                moved += 1
                self.log_change(request, listicle, f"{record}, from the list of listicles.")
        if moved:
            noun = "listicle" if moved == 1 else "listicles"
            self.message_user(request, f"{moved} {noun} {done}.", messages.SUCCESS)

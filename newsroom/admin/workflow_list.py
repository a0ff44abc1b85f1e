"""The publishing workflow on the list of listicles: a filter that knows about scheduling (the
status column is `transitions.status_label`), and bulk actions for the moves of
`newsroom.workflow.MOVES` that need no note or time.
"""

from django.contrib import admin, messages

from articles.models import Status

from .. import workflow
from ..workflow import TransitionRefused


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
        transition_in_bulk(model_admin, request, queryset, move, done)

    return action


def bulk_actions(request):
    """Each move in `BULK_ACTIONS` as an admin action, for those with the permission
    `workflow.MOVES` gives it: {name: (function, name, description)}."""
    actions = {}
    for slug, (description, done) in BULK_ACTIONS.items():
        move = workflow.MOVES[slug]
        if request.user.has_perm(move.permission):
            name = f"{slug}_selected"
            actions[name] = (bulk_action(move, done), name, description)
    return actions


def transition_in_bulk(model_admin, request, queryset, move, done):
    """Move each listicle on its own; report what moved and, per listicle, why not."""
    moved = 0
    for listicle in queryset.select_related("author"):
        try:
            reason = workflow.move_refusal(listicle, move, request.user)
            if reason:
                raise TransitionRefused(reason)
            record = workflow.transition(listicle, to=move.to, by=request.user, move=move.name)
        except TransitionRefused as refused:
            model_admin.message_user(request, f"Not {done}: {refused}", messages.ERROR)
        else:
            moved += 1
            model_admin.log_change(request, listicle, f"{record}, from the list of listicles.")
    if moved:
        noun = "listicle" if moved == 1 else "listicles"
        model_admin.message_user(request, f"{moved} {noun} {done}.", messages.SUCCESS)

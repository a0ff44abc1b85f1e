"""The publishing workflow: which status changes exist, who may make them, and the one function that does.

The admin's buttons and bulk actions, the import command and the tests all call `transition()`;
nothing else writes `Listicle.status`. Visibility is not decided here: a published listicle whose
`publish_at` is still ahead is *scheduled*, and `Listicle.objects.published()` lets readers see it
once that time has passed, without any job running.
"""

from django.db import transaction
from django.utils import timezone

from .checks import editorial_problems
from .models import Listicle, Status, Transition

ALLOWED = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.DRAFT, Status.ARCHIVED},
    Status.ARCHIVED: {Status.DRAFT},
}

# What each change is called, in the words of the newsroom.
VERBS = {
    (Status.DRAFT, Status.REVIEW): "submit for review",
    (Status.DRAFT, Status.PUBLISHED): "publish",
    (Status.REVIEW, Status.DRAFT): "send back",
    (Status.REVIEW, Status.PUBLISHED): "publish",
    (Status.PUBLISHED, Status.DRAFT): "unpublish",
    (Status.PUBLISHED, Status.ARCHIVED): "archive",
    (Status.ARCHIVED, Status.DRAFT): "restore to draft",
}

# How a status reads in a sentence: "“…” is in review".
DESCRIBED = {
    Status.DRAFT: "a draft",
    Status.REVIEW: "in review",
    Status.PUBLISHED: "published",
    Status.ARCHIVED: "archived",
}

PUBLISH_PERMISSION = "articles.publish_listicle"


class TransitionRefused(Exception):
    """Raised with a message an editor can read; `problems` lists failed editorial checks, if any."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def __str__(self):
        return self.message


def is_editor(user):
    """Editors (and superusers) send back, publish, schedule, unpublish and archive."""
    return user.has_perm(PUBLISH_PERMISSION)


def is_own(listicle, user):
    """A writer's own listicle: they created it, or it carries their byline."""
    if not user.is_authenticated:
        return False
    if listicle.created_by_id is not None and listicle.created_by_id == user.pk:
        return True
    author = listicle.author if listicle.author_id else None
    return author is not None and author.user_id == user.pk


def can_edit(listicle, user):
    """Editors change any listicle; writers change only their own, and only while it is a draft."""
    if is_editor(user):
        return True
    return (
        user.has_perm("articles.change_listicle")
        and listicle.status == Status.DRAFT
        and is_own(listicle, user)
    )


def refusal(listicle, to, user):
    """Why `user` may not move `listicle` to `to`, or None when they may.

    `user` None stands for the site's operator running a management command (e.g. an import):
    the transition table and the editorial checks still apply, but no one's permissions are asked.
    """
    source = listicle.status
    if to not in ALLOWED.get(source, ()):
        return (
            f"“{listicle}” is {DESCRIBED[source]}, so it cannot move to {Status(to).label}. "
            "Reload the page to see what can be done now."
        )
    verb = VERBS[source, to]
    if user is None or is_editor(user):
        return None
    if (source, to) == (Status.DRAFT, Status.REVIEW):
        if user.has_perm("articles.change_listicle") and is_own(listicle, user):
            return None
        return f"Writers can only submit their own drafts for review, and “{listicle}” is not yours."
    return f"Only editors can {verb} “{listicle}”."


def can_transition(listicle, to, user):
    return refusal(listicle, to, user) is None


def available_transitions(listicle, user):
    """The statuses `user` may move `listicle` to, in a stable order."""
    allowed = ALLOWED.get(listicle.status, ())
    return [to for to in Status.values if to in allowed and can_transition(listicle, to, user)]


@transaction.atomic
def transition(listicle, *, to, by, note="", publish_at=None):
    """Move `listicle` to status `to` on behalf of `by`, record it, and return the Transition row.

    Publishing without `publish_at` publishes now; a future `publish_at` schedules it. `by` None is
    the site's operator (see `refusal`). Raises TransitionRefused, changing nothing, when the change
    is not allowed, not permitted, or the listicle fails the editorial checks.
    """
    current = Listicle.objects.select_for_update().get(pk=listicle.pk)
    source = current.status
    note = (note or "").strip()

    reason = refusal(current, to, by)
    if reason:
        raise TransitionRefused(reason)
    if (source, to) == (Status.REVIEW, Status.DRAFT) and not note:
        raise TransitionRefused(f"Write a note telling the writer what to change in “{current}”.")
    if publish_at is not None and to != Status.PUBLISHED:
        raise TransitionRefused("Only publishing takes a publication time.")

    now = timezone.now()
    if to == Status.PUBLISHED:
        problems = editorial_problems(current)
        if problems:
            raise TransitionRefused(f"“{current}” cannot be published yet: " + " ".join(problems), problems)
        current.publish_at = publish_at or now
        if current.first_published_at is None:
            current.first_published_at = current.publish_at
    elif current.is_scheduled and current.first_published_at == current.publish_at:
        # Taken down before its time came: it was never really published.
        current.first_published_at = None

    current.status = to
    current.save(update_fields=["status", "publish_at", "first_published_at", "updated"])
    record = Transition.objects.create(
        listicle=current,
        from_status=source,
        to_status=to,
        by=by if by is not None and by.is_authenticated else None,
        note=note,
        publish_at=current.publish_at if to == Status.PUBLISHED else None,
    )
    for field in ("status", "publish_at", "first_published_at", "updated"):
        setattr(listicle, field, getattr(current, field))
    return record

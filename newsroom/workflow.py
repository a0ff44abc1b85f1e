"""The publishing workflow: which status changes exist, who may make them, and the one function that does.

`MOVES` is the one declaration of the workflow: each move is a button in the admin, with the
statuses it starts from, where it leads, its label and the permission it needs. The transition
table, the admin's buttons and bulk actions are all read from it.

The admin's buttons and bulk actions, the import command and the tests all call `transition()`;
nothing else writes `Listicle.status`. Visibility is not decided here: a published listicle whose
`publish_at` is still ahead is *scheduled*, and `Listicle.objects.published()` lets readers see it
once that time has passed, without any job running.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles import status_writes
from articles.models import Listicle, Status

from .editorial_checks import editorial_problems
from .models import Transition

PUBLISH_PERMISSION = "articles.publish_listicle"
# Writers hold it too; without the publish permission it covers only one's own drafts (`can_edit`).
CHANGE_PERMISSION = "articles.change_listicle"


@dataclass(frozen=True)
class Move:
    """One button of the workflow."""

    name: str  # stable, used in the admin's URLs
    label: str  # the button, in the words of the newsroom
    verb: str  # the move in a sentence: "Only editors can {verb} “…”"
    sources: tuple
    to: str
    permission: str
    timed: bool = False  # asks when readers should see it (schedule, reschedule)
    while_scheduled: bool = False  # only for a published listicle whose time is still ahead
    needs_note: bool = False  # the writer is told what to change
    owner_only: bool = False  # only the listicle's own writer (its creator or byline) makes it

    def applies_to(self, listicle):
        return listicle.status in self.sources and (listicle.is_scheduled or not self.while_scheduled)


MOVES = {
    move.name: move
    for move in [
        Move("submit", "Submit for review", "submit for review",
             (Status.DRAFT,), Status.REVIEW, CHANGE_PERMISSION),
        Move("send-back", "Send back to the writer", "send back",
             (Status.REVIEW,), Status.DRAFT, PUBLISH_PERMISSION, needs_note=True),
        # A writer takes back their own submission to keep working on it.
        Move("withdraw", "Withdraw from review", "withdraw from review",
             (Status.REVIEW,), Status.DRAFT, CHANGE_PERMISSION, owner_only=True),
        Move("publish", "Publish now", "publish",
             (Status.DRAFT, Status.REVIEW), Status.PUBLISHED, PUBLISH_PERMISSION),
        Move("schedule", "Schedule", "schedule",
             (Status.DRAFT, Status.REVIEW), Status.PUBLISHED, PUBLISH_PERMISSION, timed=True),
        # Published → published moves the publication time: one change, one audit row.
        Move("publish-early", "Publish now", "publish",
             (Status.PUBLISHED,), Status.PUBLISHED, PUBLISH_PERMISSION, while_scheduled=True),
        Move("reschedule", "Reschedule", "reschedule",
             (Status.PUBLISHED,), Status.PUBLISHED, PUBLISH_PERMISSION, timed=True, while_scheduled=True),
        Move("unpublish", "Unpublish", "unpublish",
             (Status.PUBLISHED,), Status.DRAFT, PUBLISH_PERMISSION),
        Move("archive", "Archive", "archive",
             (Status.PUBLISHED,), Status.ARCHIVED, PUBLISH_PERMISSION),
        Move("restore", "Restore to draft", "restore to draft",
             (Status.ARCHIVED,), Status.DRAFT, PUBLISH_PERMISSION),
    ]
}  # fmt: skip

# The transition table: from each status, the other statuses some move leads to. Moves that keep
# the status (reschedule, publish a scheduled listicle now) change only the publication time.
ALLOWED = {
    status: {move.to for move in MOVES.values() if status in move.sources and move.to != status}
    for status in Status.values
}

# How a status reads in a sentence: "“…” is in review".
DESCRIBED = {
    Status.DRAFT: "a draft",
    Status.REVIEW: "in review",
    Status.PUBLISHED: "published",
    Status.ARCHIVED: "archived",
}


class Refused(Exception):
    """Raised with a message an editor can read; `problems` lists failed editorial checks, if any."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def __str__(self):
        return self.message


class TransitionRefused(Refused):
    """A move of the workflow refused."""


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
    """Editors change any listicle; writers change only their own, while it is a draft or, once
    live, into a draft of changes that waits for an editor (`newsroom.drafts`)."""
    if is_editor(user):
        return True
    editable = listicle.status == Status.DRAFT or (listicle.status == Status.PUBLISHED and listicle.is_live)
    return user.has_perm(CHANGE_PERMISSION) and editable and is_own(listicle, user)


def moves_between(source, to):
    return [move for move in MOVES.values() if source in move.sources and move.to == to]


def chosen_move(listicle, to, user, move=None):
    """The move that takes `listicle` to `to` for `user`: `move` when it does, else the first
    declared one `user` may make, else the first declared one (whose refusal is then explained)."""
    if move is not None and listicle.status in move.sources and move.to == to:
        return move
    candidates = moves_between(listicle.status, to)
    permitted = [each for each in candidates if _move_refusal(listicle, each, user) is None]
    return (permitted or candidates or [None])[0]


def refusal(listicle, to, user, move=None):
    """Why `user` may not move `listicle` to `to` (by `move`, else any move that leads there), or None.

    `user` None stands for the site's operator running a management command (e.g. an import):
    the transition table and the editorial checks still apply, but no one's permissions are asked.
    """
    source = listicle.status
    move = chosen_move(listicle, to, user, move)
    if move is None:
        refused = f"“{listicle}” is {DESCRIBED[source]}, so it cannot move to {Status(to).label}."
        if user is not None:
            return f"{refused} Reload the page to see what can be done now."
        targets = [Status(status).label for status in Status.values if status in ALLOWED[source]]
        return f"{refused} From there it can move to: {', '.join(targets)}."
    return _move_refusal(listicle, move, user)


def _move_refusal(listicle, move, user):
    """Why `user` may not make `move` (declared from the listicle's status), or None."""
    if user is None:
        return None
    if not user.has_perm(move.permission):
        who = "editors" if move.permission == PUBLISH_PERMISSION else "writers and editors"
        return f"Only {who} can {move.verb} “{listicle}”."
    if move.owner_only:
        if not is_own(listicle, user):
            return f"Only the writer of “{listicle}” can {move.verb}."
        return None
    if not can_edit(listicle, user):
        return f"Writers can only submit their own drafts for review, and “{listicle}” is not yours."
    return None


def can_transition(listicle, to, user):
    return refusal(listicle, to, user) is None


def available_transitions(listicle, user):
    """The statuses `user` may move `listicle` to, in a stable order."""
    allowed = ALLOWED.get(listicle.status, ())
    return [to for to in Status.values if to in allowed and can_transition(listicle, to, user)]


def move_refusal(listicle, move, user):
    """Why `user` may not press the button of `move` on `listicle`, or None when they may."""
    reason = refusal(listicle, move.to, user, move)
    if reason is None and not move.applies_to(listicle):
        reason = f"“{listicle}” is {DESCRIBED[listicle.status]}: “{move.label}” does not apply."
    return reason


def available_moves(listicle, user):
    """The buttons `user` may press on `listicle` now, in the order of `MOVES`."""
    return [move for move in MOVES.values() if move_refusal(listicle, move, user) is None]


@transaction.atomic
def transition(listicle, *, to, by, note="", publish_at=None, skip_checks=False, move=None):
    """Move `listicle` to status `to` on behalf of `by`, record it, and return the Transition row.

    Publishing without `publish_at` publishes now; a future `publish_at` schedules it. Publishing
    a listicle that is already published moves its publication time (reschedule, or publish a
    scheduled one now). `by` None is the site's operator (see `refusal`), who alone may pass
    `skip_checks` to publish despite failed editorial checks; the row's note says so. Raises
    TransitionRefused, changing nothing, when the change is not allowed, not permitted, or the
    listicle fails the editorial checks. `move` names the button pressed when two moves lead
    from the same status to the same one (send back, withdraw): its permission applies.
    """
    current = Listicle.objects.select_for_update().get(pk=listicle.pk)
    source = current.status
    note = (note or "").strip()

    pressed = MOVES.get(move) if move else None
    reason = refusal(current, to, by, pressed)
    if reason:
        raise TransitionRefused(reason)
    if chosen_move(current, to, by, pressed).needs_note and not note:
        raise TransitionRefused(f"Write a note telling the writer what to change in “{current}”.")
    if publish_at is not None and to != Status.PUBLISHED:
        raise TransitionRefused("Only publishing takes a publication time.")
    if skip_checks and by is not None:
        raise TransitionRefused("Only the site's operator can publish without the editorial checks.")

    if source == Status.PUBLISHED and to != Status.PUBLISHED:
        # Taken off the site: its unpublished changes become the article, so nothing is lost.
        from .drafts import fold  # drafts import the importer, which imports this module

        fold(current, by=by)
    if to == Status.PUBLISHED:
        note = publish(current, publish_at or timezone.now(), note, skip_checks)
    elif current.is_scheduled and current.first_published_at == current.publish_at:
        # Taken down before its time came: it was never really published.
        current.first_published_at = None

    with status_writes.writing_status():
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
    listicle._stored_status = current.status
    return record


def publish(current, publish_at, note, skip_checks):
    """Set the publication time of `current` after the checks; the note for the audit row."""
    problems = editorial_problems(current)
    if problems and not skip_checks:
        raise TransitionRefused(f"“{current}” cannot be published yet: " + " ".join(problems), problems)
    if skip_checks:
        skipped = "Editorial checks skipped." + (" They found: " + " ".join(problems) if problems else "")
        note = f"{note}\n{skipped}" if note else skipped
    if current.status == Status.PUBLISHED:
        if publish_at == current.publish_at:
            moment = date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")
            raise TransitionRefused(f"“{current}” is already published for {moment}.")
        if current.is_scheduled and current.first_published_at == current.publish_at:
            current.first_published_at = None  # its first publication is the new time
    current.publish_at = publish_at
    if current.first_published_at is None:
        current.first_published_at = publish_at
    return note

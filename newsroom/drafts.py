"""Drafts of live articles: readers keep the live version until an editor publishes the changes.

A live listicle's own rows (the listicle, its entries and clips) are what readers see. Editing it
in the admin, or restoring one of its revisions, changes a `Draft` instead: one per article,
shared by everyone who edits it, its content held by a revision (`Revision.draft`).

Pages that work on the draft (the change page, restoring a revision, previews) run inside
`on_draft`: the listicle's rows are made to read as the draft within a savepoint (`apply`), the
page does what it always does (forms, edit-conflict merges, the editorial checks, the real article
template), and everything written is taken back at the end. What the page decided to keep
(`Working.keep`) becomes the draft's new revision. So two editors saving the draft merge as two
editors saving an article do (`admin.edit_conflicts`), and nothing public is written, or purged,
until the draft is published.

`publish` brings the draft's content into the listicle's rows after the editorial checks, as the
workflow's Publish button does for a new article; an address change comes with it only when the
editor asked for it, and the old address then redirects (`addresses`). `fold` does it without the
checks when a live article is unpublished or archived, so nothing is lost. Scheduled drafts are
published by `publish_due` (`manage.py publish_due_drafts`, Celery beat).
"""

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from articles import purges
from articles.models import Listicle, Status
from interchange.importer import import_listicle
from interchange.problems import InterchangeError

from . import revisions, workflow
from .editorial_checks import editorial_problems
from .models import Draft, Revision, Transition

logger = logging.getLogger(__name__)

PUBLISHED_NOTE = "Published the draft’s changes."
SCHEDULED_NOTE = "The draft’s changes were published at their scheduled time."
FOLDED = "Unpublished changes of the draft, kept as the article"


class DraftRefused(workflow.Refused):
    """Publishing, scheduling or discarding a draft refused."""


def edits_into_draft(listicle):
    """Whether saving `listicle` in the admin changes a draft rather than what readers see."""
    return listicle.status == Status.PUBLISHED and listicle.is_live


def current(listicle):
    """The listicle's draft with its revision and who last saved it, or None."""
    return (
        Draft.objects.select_related("revision", "updated_by", "scheduled_by")
        .filter(listicle_id=listicle.pk)
        .first()
    )


def content_of(snapshot):
    """What a draft changes: the article's content, not where it stands in the workflow."""
    return revisions.content(snapshot)


def apply(draft, listicle, *, editor=None):
    """Write the draft's content into the listicle's rows (the caller takes it back, or publishes).

    Knowledge-base rows are never changed from here: the draft names them as they are now
    (`revisions.restorable`). Its new entries are made with the ids its form was shown."""
    import_listicle(
        revisions.restorable(draft.revision.snapshot),
        into=listicle,
        entry_ids=draft.revision.entry_ids or None,
        editor=editor,
        keep_live_rows=True,
        reuse_entry_ids=True,
    )


@dataclass
class Working:
    """A page at work on a listicle's draft (`on_draft`)."""

    listicle: Listicle
    draft: Draft | None
    kept: dict | None = None
    result: Draft | None = None
    quiet: bool = False  # the admin's own "changed successfully" is replaced by the draft's message
    merged: bool = False  # the save took in changes somebody else made meanwhile

    def keep(self, *, user, summary, in_review=False):
        """Keep the listicle as its rows read now as the draft's next revision."""
        self.kept = {
            "snapshot": revisions.snapshot_of(self.listicle),
            "entry_ids": revisions.entry_ids_of(self.listicle),
            "user": user,
            "summary": summary,
            "in_review": in_review,
        }


@contextmanager
def taken_back():
    """Within: a savepoint taken back at its end, with the purges its writes asked for. What is
    written there is only read (a draft's content, a form's unsaved changes), never kept."""
    with purges.set_apart(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


_working = contextvars.ContextVar("articles_draft_working", default=None)


def working():
    """The `Working` of the page running now, or None outside `on_draft`."""
    return _working.get()


@contextmanager
def on_draft(listicle, *, lock=False):
    """Within: the listicle's rows read as its draft, if it has one; every write is taken back at
    the end, and what was kept (`Working.keep`) is stored as the draft (`Working.result`).

    With `lock` (a save), the listicle and its draft stay locked until the end, so two saves of
    one draft are made one after the other, the second merged with the first."""
    with transaction.atomic():
        if lock:
            Listicle.objects.select_for_update().filter(pk=listicle.pk).values_list("pk").first()
            revisions.record_starting_point(listicle)  # the live version, kept in the history
        draft = current(listicle)
        work = Working(listicle, draft)
        token = _working.set(work)
        try:
            with taken_back():
                if draft is not None:
                    apply(draft, listicle)
                    # The version editors load (`concurrency.version_of`) is the draft's.
                    Listicle.objects.filter(pk=listicle.pk).update(updated=draft.updated)
                listicle.refresh_from_db()
                yield work
        finally:
            _working.reset(token)
        listicle.refresh_from_db()
        if work.kept is not None:
            work.result = store(listicle, **work.kept)


def store(listicle, *, snapshot, entry_ids, user, summary, in_review=False):
    """Make `snapshot` the listicle's draft, kept as a new revision; None when it reads as the live
    version does (there is nothing left to publish: the draft is dropped)."""
    draft = Draft.objects.select_for_update().filter(listicle=listicle).first()
    if content_of(snapshot) == content_of(revisions.snapshot_of(listicle)):
        if draft is not None:
            draft.delete()
        return None
    limit = Revision._meta.get_field("summary").max_length
    summary = summary if len(summary) <= limit else summary[: limit - 1] + "…"
    revision = Revision.objects.create(
        listicle=listicle, user=user, snapshot=snapshot, entry_ids=entry_ids, summary=summary, draft=True
    )
    if draft is None:
        draft = Draft(listicle=listicle)
    draft.revision = revision
    draft.updated = revision.created
    draft.updated_by = user
    draft.in_review = draft.in_review or in_review
    draft.save()
    return draft


def changes(listicle, draft):
    """What publishing `draft` changes for readers (`comparison.Change`s)."""
    from .comparison import diff

    live = revisions.content(revisions.snapshot_of(listicle))
    return diff(live, revisions.content(revisions.restorable(draft.revision.snapshot)))


def problems(listicle, draft):
    """The editorial checks on the draft, as they would run on publishing it."""
    with on_draft(listicle):
        return editorial_problems(listicle) if draft is not None else []


def moved_address(listicle, draft):
    """The new address publishing `draft` gives the article, or "" when it keeps its own."""
    slug = draft.revision.snapshot.get("slug")
    return slug if slug and slug != listicle.slug else ""


@transaction.atomic
def publish(listicle, *, by, note=PUBLISHED_NOTE, expected=None):
    """Bring the draft's content to readers, after the editorial checks. Returns the revision kept.

    `by` is an editor (None: the site's operator, for a scheduled draft). `expected`, the id of the
    draft's revision the editor looked at, refuses to publish a draft saved again since. Raises
    DraftRefused, changing nothing, when it may not be published."""
    from .workflow import is_editor

    listicle = Listicle.objects.select_for_update().get(pk=listicle.pk)
    draft = current(listicle)
    if by is not None and not is_editor(by):
        raise DraftRefused(f"Only editors can publish changes to “{listicle}”.")
    if draft is None:
        raise DraftRefused(f"“{listicle}” has no unpublished changes: there is nothing to publish.")
    if listicle.status != Status.PUBLISHED:
        raise DraftRefused(f"“{listicle}” is not published: its changes are saved to it directly.")
    if expected is not None and str(draft.revision_id) != str(expected):
        raise DraftRefused(
            f"The draft of “{listicle}” was saved again since you looked at it: "
            "check the changes below, then publish again."
        )
    revisions.record_starting_point(listicle)
    try:
        with transaction.atomic():  # taken back, with the purges it asked for, when refused
            apply(draft, listicle, editor=by)
            found = editorial_problems(listicle)
            if found:
                raise DraftRefused(f"“{listicle}” cannot be published yet: " + " ".join(found), found)
    except InterchangeError as error:
        raise DraftRefused(
            f"“{listicle}” cannot be published yet: " + " ".join(error.problems), error.problems
        ) from None
    listicle.save(update_fields=["updated"])  # a publication of what readers see, as a save is
    kept = keep_revision(listicle, by, "Published the draft")
    draft.delete()
    Transition.objects.create(
        listicle=listicle,
        from_status=Status.PUBLISHED,
        to_status=Status.PUBLISHED,
        by=by,
        note=note,
        publish_at=None,
    )
    return kept


@transaction.atomic
def discard(listicle, *, by):
    """Drop the draft: readers' version stays, and becomes what the change page shows again."""
    from .workflow import can_edit

    listicle = Listicle.objects.select_for_update().get(pk=listicle.pk)
    if not can_edit(listicle, by):
        raise DraftRefused(f"Only editors and its writer can discard the changes to “{listicle}”.")
    deleted, _ = Draft.objects.filter(listicle=listicle).delete()
    if not deleted:
        raise DraftRefused(f"“{listicle}” has no unpublished changes: there is nothing to discard.")


@transaction.atomic
def schedule(listicle, *, by, publish_at):
    """Publish the draft by itself at `publish_at` (None: cancel its schedule)."""
    from .workflow import is_editor

    if not is_editor(by):
        raise DraftRefused(f"Only editors can schedule changes to “{listicle}”.")
    draft = Draft.objects.select_for_update().filter(listicle=listicle).first()
    if draft is None:
        raise DraftRefused(f"“{listicle}” has no unpublished changes: there is nothing to schedule.")
    if publish_at is not None:
        found = problems(listicle, draft)
        if found:
            raise DraftRefused(f"“{listicle}” cannot be published yet: " + " ".join(found), found)
    draft.publish_at = publish_at
    draft.scheduled_by = by if publish_at is not None else None
    draft.save(update_fields=["publish_at", "scheduled_by"])
    return draft


def publish_due(now=None):
    """Publish every draft whose time has come; returns (published titles, refused messages).

    A draft that fails the checks by then stays a draft, unscheduled, and the refusal is logged."""
    now = now or timezone.now()
    published, refused = [], []
    due = Draft.objects.filter(publish_at__lte=now).select_related("listicle", "scheduled_by")
    for draft in list(due):
        try:
            publish(draft.listicle, by=None, note=SCHEDULED_NOTE)
        except DraftRefused as refusal:
            if not Draft.objects.filter(pk=draft.pk).update(publish_at=None):
                continue  # published or discarded meanwhile (by another run, or an editor)
            logger.warning("Scheduled changes not published: %s", refusal)
            refused.append(str(refusal))
        else:
            published.append(str(draft.listicle))
    return published, refused


def fold(listicle, *, by):
    """The draft's content becomes the article's (no checks): it is being taken off the site.

    Called by `workflow.transition` inside its transaction, before the status changes."""
    draft = current(listicle)
    if draft is None:
        return
    apply(draft, listicle, editor=by)
    listicle.save(update_fields=["updated"])
    draft.delete()
    keep_revision(listicle, by, FOLDED)


def keep_revision(listicle, user, summary):
    """A revision of the listicle as readers now see it (never the draft's, though they match)."""
    return Revision.objects.create(
        listicle=listicle,
        user=user,
        snapshot=revisions.snapshot_of(listicle),
        entry_ids=revisions.entry_ids_of(listicle),
        summary=summary,
    )

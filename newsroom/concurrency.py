"""Concurrent edits of a listicle: first save wins, a save on an overtaken form is refused.

The change form carries the version of the listicle it was loaded with: when it was last saved
(`Listicle.updated`, which every save changes) and its latest revision at the time. A form whose
version is no longer current would overwrite somebody else's work; the admin refuses it and tells
the editor who saved in between, when, and which revisions show what they changed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Listicle

from .revisions import latest


def version_of(listicle):
    """What an editor loads, e.g. "2026-05-12T09:00:00.123456+00:00/42"."""
    revision = latest(listicle)
    return f"{listicle.updated.isoformat()}/{revision.pk if revision else 0}"


def _parse(version):
    """(saved at, revision id) of a version; parts that cannot be read are None."""
    saved, _, revision = (version or "").partition("/")
    try:
        saved = datetime.fromisoformat(saved)
    except ValueError:
        saved = None
    if saved is not None and timezone.is_naive(saved):
        saved = None
    return saved, int(revision) if revision.isdigit() and int(revision) else None


@dataclass(frozen=True)
class EditConflict:
    """Someone saved the listicle after the editor loaded it."""

    by: object  # the user, or None when the change left no record of who made it
    at: datetime
    loaded_revision_id: int | None = None  # the revision the editor's form showed
    latest_revision_id: int | None = None


def conflict(listicle, loaded_version, *, lock=False):
    """The EditConflict when the listicle was saved since `loaded_version` was read, else None.

    With `lock`, the row stays locked until the surrounding transaction ends, so a save that
    passed this check cannot be overtaken by another one before it is written.
    """
    rows = Listicle.objects.filter(pk=listicle.pk)
    if lock:
        rows = rows.select_for_update()
    current = rows.values_list("updated", flat=True).first()
    saved, loaded_revision_id = _parse(loaded_version)
    if current is None or current == saved:
        return None
    if loaded_revision_id is None and saved is not None:
        # A listicle made outside the admin gets a starting point dated when it was saved.
        loaded_revision_id = listicle.revisions.filter(created=saved).values_list("pk", flat=True).first()
    revision = latest(listicle)
    transition = listicle.transitions.select_related("by").order_by("-at", "-id").first()
    # Who last saved it or moved it through the workflow since the form was loaded, if known.
    events = [(revision.created, revision.user)] if revision else []
    events += [(transition.at, transition.by)] if transition else []
    at, by = max(
        [(at, by) for at, by in events if saved is None or at >= saved],
        key=lambda event: event[0],
        default=(current, None),
    )
    return EditConflict(by, at, loaded_revision_id, revision.pk if revision else None)


def changed_by(found, *, user):
    """ "Alice Kim changed this article at 09:12 KST", or "You saved this article in another window …",
    in the newsroom's time zone and format (`TIME_FORMAT`, `DATETIME_FORMAT`)."""
    at = timezone.localtime(found.at)
    if at.date() == timezone.localdate():
        when = f"at {date_format(at, 'TIME_FORMAT')}"
    else:
        when = f"on {date_format(at, 'DATETIME_FORMAT')}"
    if found.by is not None and found.by == user:
        who = f"You saved this article in another window {when}"
    elif found.by is not None:
        who = f"{found.by.get_full_name() or found.by.get_username()} changed this article {when}"
    else:
        who = f"This article was changed {when}"
    return who


def conflict_message(found, *, user):
    who = changed_by(found, user=user)
    return (
        f"{who} while you were editing it, so your changes were not saved. Everything you typed is "
        "still below: copy what you need, reload the page to see the latest version, and make your "
        "changes again."
    )

"""Concurrent edits of a listicle: first save wins, a save on an overtaken form is refused.

The change form carries the version of the listicle it was loaded with. Any save changes the
version (`Listicle.updated`), so a form whose version is no longer current would overwrite
somebody else's work; the admin refuses it and tells the editor who saved in between, and when.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import Listicle
from .revisions import latest


def version_of(listicle):
    """What an editor loaded: any save of the listicle, by anyone, changes it."""
    return listicle.updated.isoformat()


@dataclass(frozen=True)
class EditConflict:
    """Someone saved the listicle after the editor loaded it."""

    by: object  # the user, or None when the change left no record of who made it
    at: datetime


def conflict(listicle, loaded_version, *, lock=False):
    """The EditConflict when the listicle was saved since `loaded_version` was read, else None.

    With `lock`, the row stays locked until the surrounding transaction ends, so a save that
    passed this check cannot be overtaken by another one before it is written.
    """
    rows = Listicle.objects.filter(pk=listicle.pk)
    if lock:
        rows = rows.select_for_update()
    current = rows.values_list("updated", flat=True).first()
    if current is None or current.isoformat() == loaded_version:
        return None
    return _last_change(listicle, since=_parse(loaded_version)) or EditConflict(by=None, at=current)


def _parse(version):
    try:
        return datetime.fromisoformat(version)
    except (TypeError, ValueError):
        return None


def _last_change(listicle, since):
    """Who last saved the listicle or moved it through the workflow after `since`, and when."""
    revision = latest(listicle)
    transition = listicle.transitions.select_related("by").order_by("-at", "-id").first()
    events = [EditConflict(by=revision.user, at=revision.created)] if revision else []
    events += [EditConflict(by=transition.by, at=transition.at)] if transition else []
    events = [event for event in events if since is None or event.at >= since]
    return max(events, key=lambda event: event.at, default=None)


def conflict_message(found, *, user):
    at = timezone.localtime(found.at)
    when = f"at {at:%H:%M}" if at.date() == timezone.localdate() else f"on {at:%d %b %Y} at {at:%H:%M}"
    if found.by is not None and found.by == user:
        who = f"You saved this article in another window {when}"
    elif found.by is not None:
        who = f"{found.by.get_full_name() or found.by.get_username()} changed this article {when}"
    else:
        who = f"This article was changed {when}"
    return (
        f"{who} while you were editing it, so your changes were not saved. Everything you typed is "
        "still below: copy what you need, reload the page to see the latest version, and make your "
        "changes again."
    )

"""What changed between two revisions of a listicle, field by field, worded for an editor.

Snapshots are compared key by key; entries and their scenes are matched by what they are about
(a drama, a clip), so a moved entry reads as moved, not as removed and added again. Long text is
compared word by word.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Listicle, Numbering, Status

from .models import Revision
from .revisions import drama_of

LONG_TEXT = 60  # longer text is compared word by word
CONTEXT = 160  # characters of unchanged text kept around a change
TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Change:
    """One difference between two revisions, worded for an editor."""

    subject: str  # "Title", "Entry 3 · Goblin", "Entry 3 · Goblin › scene “The rain”"
    action: str  # "changed", "added", "removed" or "moved"
    field: str = ""  # what changed within the subject, e.g. "quote"
    before: str = ""
    after: str = ""
    words: tuple = ()  # for long text: ("equal" | "delete" | "insert", text) pairs

    def __str__(self):
        where = f"{self.subject}: {self.field}" if self.field else self.subject
        if self.action == "moved":
            return f"{where} moved from position {self.before} to {self.after}"
        if self.action != "changed" or self.words:
            return f"{where} {self.action}"
        return f"{where} changed from “{self.before}” to “{self.after}”"


def diff(older, newer):
    """The changes from `older` to `newer` (revisions or snapshots), listicle fields first."""
    older, newer = _data(older), _data(newer)
    changes = []
    for key in _keys(older, newer):
        if key != "entries":
            changes += _compare(_label(key), "", _human(key, older.get(key)), _human(key, newer.get(key)))
    changes += _compare_items(
        older.get("entries") or [],
        newer.get("entries") or [],
        _entry_identity,
        _entry_subject,
        _compare_entry,
    )
    return changes


def _data(revision_or_snapshot):
    if isinstance(revision_or_snapshot, Revision):
        return revision_or_snapshot.snapshot
    return revision_or_snapshot or {}


def _human(key, value):
    """A stored value as editors read it: status and numbering labels, times in the newsroom's zone."""
    choices = {"status": Status, "numbering": Numbering}.get(key)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if key == "publish_at" and value:
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return value
        return (
            date_format(timezone.localtime(moment), "DATETIME_FORMAT") if timezone.is_aware(moment) else value
        )
    return value


def _keys(*mappings):
    return list(dict.fromkeys(key for mapping in mappings for key in mapping))


def _label(key):
    try:
        name = str(Listicle._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:  # a key of the format that is not a model field
        name = key.replace("_", " ")
    return name[:1].upper() + name[1:]


def _compare(subject, field, before, after):
    """Changes of one value; nested objects (an author, a drama) are compared key by key."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        return _compare_keys(subject, before, after, field)
    before_text, after_text = _text(before), _text(after)
    if max(len(before_text), len(after_text)) > LONG_TEXT or "\n" in before_text + after_text:
        return [
            Change(subject, "changed", field, before_text, after_text, _word_diff(before_text, after_text))
        ]
    return [Change(subject, "changed", field, before_text, after_text)]


def _compare_keys(subject, before, after, field="", skip=()):
    """Changes of two objects key by key, named "`field` key"; the keys in `skip` are compared elsewhere."""
    changes = []
    for key in _keys(before, after):
        if key not in skip:
            inner = f"{field} {key}".strip().replace("_", " ")
            changes += _compare(subject, inner, before.get(key), after.get(key))
    return changes


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value)
    if isinstance(value, dict):
        if {"character", "actor"} <= value.keys():
            return f"{value['character']} ({value['actor']})"
        if {"provider", "url"} <= value.keys():
            return f"{value['provider']}: {value['url']}"
        return ", ".join(f"{key.replace('_', ' ')}: {_text(item)}" for key, item in value.items() if item)
    return str(value)


def _word_diff(before, after):
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("delete", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(("insert", "".join(new[j1:j2])))
    return tuple(_shorten(parts))


def _shorten(parts):
    """Long unchanged stretches keep only the words next to a change."""
    last = len(parts) - 1
    for index, (op, text) in enumerate(parts):
        if op == "equal" and len(text) > 2 * CONTEXT:
            head = "" if index == 0 else text[:CONTEXT].rsplit(" ", 1)[0] + " "
            tail = "" if index == last else " " + text[-CONTEXT:].split(" ", 1)[-1]
            text = f"{head}…{tail}"
        yield op, text


def _compare_items(older, newer, identity, subject, compare_one, parent=""):
    """Added, removed, moved and changed items of two lists, matched by identity, in reading order."""
    old_keyed, new_keyed = _keyed(older, identity), _keyed(newer, identity)
    old_index = {key: index for index, key in enumerate(old_keyed)}
    new_index = {key: index for index, key in enumerate(new_keyed)}
    kept_old = [key for key in old_keyed if key in new_index]
    kept_new = [key for key in new_keyed if key in old_index]
    in_place = set()
    for block in SequenceMatcher(None, kept_old, kept_new, autojunk=False).get_matching_blocks():
        in_place.update(kept_old[block.a : block.a + block.size])

    changes = []
    for index, key in enumerate(new_keyed):
        item = newer[index]
        name = subject(parent, index, item)
        if key not in old_index:
            changes.append(Change(name, "added"))
            continue
        if key not in in_place:
            changes.append(Change(name, "moved", before=str(old_index[key] + 1), after=str(index + 1)))
        changes += compare_one(name, older[old_index[key]], item)
    for index, key in enumerate(old_keyed):
        if key not in new_index:
            changes.append(Change(subject(parent, index, older[index]), "removed"))
    return changes


def _keyed(items, identity):
    """Identity of each item, numbered when the same one appears twice (the same drama in two entries)."""
    seen = Counter()
    keys = []
    for item in items:
        name = identity(item)
        seen[name] += 1
        keys.append((name, seen[name]))
    return keys


def _entry_identity(entry):
    drama = drama_of(entry)
    return drama.get("slug") or drama.get("title") or ""


def _entry_subject(parent, index, entry):
    return f"Entry {index + 1} · {entry.get('heading') or drama_of(entry).get('title') or ''}"


def _compare_entry(subject, before, after):
    return _compare_keys(subject, before, after, skip={"scenes"}) + _compare_items(
        before.get("scenes") or [],
        after.get("scenes") or [],
        _scene_identity,
        _scene_subject,
        _compare_keys,
        parent=subject,
    )


def _scene_identity(scene):
    return scene.get("title") or scene.get("video_url") or scene.get("image") or ""


def _scene_subject(parent, index, scene):
    what = "image" if "image" in scene else "scene"
    return f"{parent} › {what} “{_scene_identity(scene)}”"

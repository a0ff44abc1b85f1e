"""Revisions of a listicle: snapshots in the import/export format, what changed between two, restoring one.

A revision's snapshot is exactly what `export_listicle` writes, so restoring one is an import into
the same listicle.
"""

import copy
import json
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.text import Truncator

from dramas.models import Actor, Drama, Role, Scene

from .interchange import export_listicle, import_listicle
from .models import Author, Listicle, Revision

# Restoring brings back the content; where the article stands in the workflow stays as it is.
WORKFLOW_KEYS = ("status", "publish_at")
STARTING_POINT = "As it was before its first change in the admin"
# What an entry decides about a scene; the rest belongs to the scene, shared by every article.
SCENE_CONTENT = ("title", "video_url", "lead_in", "caption")


def snapshot_of(listicle):
    """The listicle as JSON-ready data, in the form a Revision stores it."""
    return json.loads(json.dumps(export_listicle(listicle), cls=DjangoJSONEncoder))


def latest(listicle):
    return listicle.revisions.order_by("-id").select_related("user").first()


def record(listicle, *, user, summary=""):
    """Keep a revision of the listicle as it is now; an unchanged listicle keeps its latest one."""
    snapshot = snapshot_of(listicle)
    previous = latest(listicle)
    if previous is not None and previous.snapshot == snapshot:
        return previous
    summary = Truncator(summary).chars(Revision._meta.get_field("summary").max_length)
    return Revision.objects.create(listicle=listicle, user=user, snapshot=snapshot, summary=summary)


def record_starting_point(listicle):
    """Keep a listicle made outside the admin (an import, the demo) as it stands, before its first
    change in the admin, so that editors can always come back to it."""
    if not listicle.revisions.exists():
        revision = record(listicle, user=None, summary=STARTING_POINT)
        # Dated when that content was saved, not when the admin first changed it.
        Revision.objects.filter(pk=revision.pk).update(created=listicle.updated)


def number(revision):
    """The revision's place in its listicle's history: 1 for the first one kept."""
    return Revision.objects.filter(listicle_id=revision.listicle_id, id__lte=revision.id).count()


@transaction.atomic
def restore(revision, *, user):
    """Bring the listicle back to the revision's content and keep that as a new revision.

    Entries, their order, quotes, characters and scenes come back exactly; status and publishing
    time stay as they are. Raises `InterchangeError`, having written nothing, when the revision no
    longer fits (for example its slug now belongs to another article).
    """
    listicle = Listicle.objects.select_for_update().get(pk=revision.listicle_id)
    import_listicle(restorable(revision.snapshot), into=listicle, include_status=False)
    return record(listicle, user=user, summary=f"Restored revision #{number(revision)}")


def restorable(snapshot):
    """The snapshot with the shared rows that still exist named as they are now.

    Authors, dramas, actors and scenes belong to every article that uses them: restoring one
    article brings back its own text and choices, not old facts that editors have corrected since.
    Rows that are gone come back as the revision knew them.
    """
    data = copy.deepcopy(snapshot)
    entries = data.get("entries") or []
    author = data.get("author")
    current_author = author and Author.objects.filter(slug=author.get("slug")).first()
    if current_author:
        data["author"] = {"name": current_author.name, "slug": current_author.slug}
    dramas = Drama.objects.in_bulk([_drama(entry).get("slug") for entry in entries], field_name="slug")
    roles = {
        (role.drama_id, role.character): role
        for role in Role.objects.filter(drama__in=list(dramas.values())).select_related("actor")
    }
    scenes = list(Scene.objects.filter(drama__in=list(dramas.values())))
    slugs = [member.get("actor_slug") for entry in entries for member in _drama(entry).get("cast") or []]
    actors = Actor.objects.in_bulk([slug for slug in slugs if slug], field_name="slug")
    for entry in entries:
        drama = dramas.get(_drama(entry).get("slug"))
        if drama is None:
            continue
        named = {entry.get("quote_by"), *(entry.get("featuring") or [])}
        cast = []
        for member in _drama(entry).get("cast") or []:
            role = roles.get((drama.pk, member["character"]))
            actor = role.actor if role is not None else actors.get(member.get("actor_slug"))
            if actor is not None:
                member = {**member, "actor": actor.name, "actor_slug": actor.slug}
            if role is not None:
                member.pop("billing", None)
            if member["character"] in named:
                cast.append(member)
        entry["drama"] = {"title": drama.title, "slug": drama.slug, "cast": cast}
        entry["scenes"] = [_current_scene(scene, drama, scenes) for scene in entry.get("scenes") or []]
    return data


def content(snapshot):
    """What restoring a snapshot decides: the article's own content, naming shared rows only."""
    data = {key: value for key, value in snapshot.items() if key not in WORKFLOW_KEYS}
    if data.get("author"):
        data["author"] = {"name": data["author"].get("name")}
    data["entries"] = [
        {
            **entry,
            "drama": {key: _drama(entry).get(key) for key in ("title", "slug")},
            "scenes": [{key: scene.get(key) for key in SCENE_CONTENT} for scene in entry.get("scenes") or []],
        }
        for entry in data.get("entries") or []
    ]
    return data


def _current_scene(scene, drama, scenes):
    same_clip = [s for s in scenes if s.drama_id == drama.pk and s.video_url == scene.get("video_url")]
    exact = [s for s in same_clip if s.title == scene.get("title")]
    current = exact[0] if exact else same_clip[0] if len(same_clip) == 1 and scene.get("video_url") else None
    if current is None:
        return scene
    return {
        "title": current.title,
        "video_url": current.video_url,
        **{key: scene[key] for key in SCENE_CONTENT[2:] if key in scene},
    }


# Differences --------------------------------------------------------------------------------------

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
            changes += _compare(_label(key), "", older.get(key), newer.get(key))
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


def _drama(entry):
    drama = entry.get("drama")
    return drama if isinstance(drama, dict) else {"title": drama or ""}


def _entry_identity(entry):
    drama = _drama(entry)
    return drama.get("slug") or drama.get("title") or ""


def _entry_subject(parent, index, entry):
    return f"Entry {index + 1} · {entry.get('heading') or _drama(entry).get('title') or ''}"


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
    return scene.get("title") or scene.get("video_url") or ""


def _scene_subject(parent, index, scene):
    return f"{parent} › scene “{_scene_identity(scene)}”"

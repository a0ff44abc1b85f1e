"""Revisions of a listicle: snapshots in the import/export format, and restoring one.

A revision's snapshot is exactly what `export_listicle` writes, so restoring one is an import into
the same listicle. What changed between two snapshots is `newsroom.comparison`.
"""

import copy
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count

from articles.models import Author, Entry, Listicle
from dramas.models import Actor, Drama, Role, Scene
from interchange import matching
from interchange.exporter import export_listicle
from interchange.importer import import_listicle
from interchange.plan import make_plan
from interchange.problems import InterchangeError

from .models import Revision

# Restoring brings back the content; where the article stands in the workflow stays as it is.
WORKFLOW_KEYS = ("status", "publish_at")
STARTING_POINT = "As it was before its first change in the admin"
BEFORE_RESTORING = "As it was before a revision was restored"
# What an entry decides about a scene; the rest belongs to the scene, shared by every article.
SCENE_CONTENT = ("title", "video_url", "lead_in", "caption")


def snapshot_of(listicle):
    """The listicle as JSON-ready data, in the form a Revision stores it."""
    return json.loads(json.dumps(export_listicle(listicle), cls=DjangoJSONEncoder))


def latest(listicle):
    return listicle.revisions.order_by("-id").select_related("user").first()


def entry_ids_of(listicle):
    """The ids of the listicle's entries in reading order, as a revision keeps them."""
    return list(listicle.entries.order_by("position", "id").values_list("pk", flat=True))


def record(listicle, *, user, summary=""):
    """Keep a revision of the listicle as it is now; an unchanged listicle keeps its latest one."""
    snapshot = snapshot_of(listicle)
    entry_ids = entry_ids_of(listicle)
    previous = latest(listicle)
    # A revision kept before entry ids were has none: the same snapshot is the same revision.
    if previous is not None and previous.snapshot == snapshot and previous.entry_ids in ([], entry_ids):
        return previous
    # Cut by code points, as the column counts them: Truncator does not count combining marks, so a
    # name made of them would pass it whole and overflow the column on PostgreSQL.
    limit = Revision._meta.get_field("summary").max_length
    summary = summary if len(summary) <= limit else summary[: limit - 1] + "…"
    return Revision.objects.create(
        listicle=listicle, user=user, snapshot=snapshot, entry_ids=entry_ids, summary=summary
    )


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
def restore(revision, *, user, keep_address=False):
    """Bring the listicle back to the revision's content and keep that as a new revision.

    Entries, their order, quotes, characters and scenes come back exactly, each into the entry it
    was (`interchange.matching`), so readers' votes stay with their entries; status and publishing
    time stay as they are. The article as it stands is kept first, should no revision hold it yet.
    Raises `InterchangeError`, having written nothing, when the revision no longer fits (for
    example its slug now belongs to another article, or it would change what a live article shows
    and `user` may not). With `keep_address` the article keeps its address (slug) as it is.
    """
    listicle = Listicle.objects.select_for_update().get(pk=revision.listicle_id)
    record(listicle, user=None, summary=BEFORE_RESTORING)
    import_listicle(
        restorable(revision.snapshot, address=listicle.slug if keep_address else None),
        into=listicle,
        entry_ids=revision.entry_ids or None,
        editor=user,
    )
    return record(listicle, user=user, summary=f"Restored revision #{number(revision)}")


def removed_by_restoring(revision):
    """The entries restoring `revision` deletes, since it does not have them, each with `votes`:
    how many readers' votes in the reader's pick go with it."""
    try:
        plan = make_plan(restorable(revision.snapshot))
    except InterchangeError:  # restoring it is refused anyway, and says why
        return []
    rows = list(
        Entry.objects.filter(listicle_id=revision.listicle_id)
        .select_related("drama")
        .annotate(votes_count=Count("votes"))
    )
    matched = matching.match(rows, [entry.drama for entry in plan.entries], revision.entry_ids or None)
    return matching.left_over(rows, matched)


def restorable(snapshot, *, address=None):
    """The snapshot with the shared rows that still exist named as they are now (and with the
    address `address`, when given).

    Authors, dramas, actors and scenes belong to every article that uses them: restoring one
    article brings back its own text and choices, not old facts that editors have corrected since.
    Rows that are gone come back as the revision knew them.
    """
    data = copy.deepcopy(snapshot)
    if address:
        data["slug"] = address
    entries = data.get("entries") or []
    author = data.get("author")
    current_author = author and Author.objects.filter(slug=author.get("slug")).first()
    if current_author:
        data["author"] = {"name": current_author.name, "slug": current_author.slug}
    dramas = Drama.objects.in_bulk([drama_of(entry).get("slug") for entry in entries], field_name="slug")
    roles = {
        (role.drama_id, role.character): role
        for role in Role.objects.filter(drama__in=list(dramas.values())).select_related("actor")
    }
    scenes = list(Scene.objects.filter(drama__in=list(dramas.values())))
    slugs = [member.get("actor_slug") for entry in entries for member in drama_of(entry).get("cast") or []]
    actors = Actor.objects.in_bulk([slug for slug in slugs if slug], field_name="slug")
    for entry in entries:
        drama = dramas.get(drama_of(entry).get("slug"))
        if drama is None:
            continue
        named = {entry.get("quote_by"), *(entry.get("featuring") or [])}
        cast = []
        for member in drama_of(entry).get("cast") or []:
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
            "drama": {key: drama_of(entry).get(key) for key in ("title", "slug")},
            "scenes": [
                scene if "image" in scene else {key: scene.get(key) for key in SCENE_CONTENT}
                for scene in entry.get("scenes") or []
            ],
        }
        for entry in data.get("entries") or []
    ]
    return data


def drama_of(entry):
    """The drama of an entry in a snapshot, as a dict even when only its title was written."""
    drama = entry.get("drama")
    return drama if isinstance(drama, dict) else {"title": drama or ""}


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

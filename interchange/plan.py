"""What an import will write, worked out from the file before anything is written.

The same drama, actor or scene may be mentioned by several entries. The plan merges the
mentions (dramas and actors by slug, scenes by drama, video link and title) and reports any
value that disagrees with an earlier mention. It then checks that each entry's `quote_by` and
`featuring` name characters of its drama's `cast`, so the writer never meets a bad reference.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.storage import default_storage
from django.utils.text import slugify

from articles.models import Numbering, Status

from .problems import Path
from .schema import INVALID, LISTICLE, read

LISTICLE_DEFAULTS = {
    "dek": "",
    "numbering": Numbering.LIST.value,
    "intro": "",
    "outro": "",
    "poll_question": "",
    "hero_alt": "",
    "allow_comments": True,
    "allow_reactions": True,
}
DRAMA_KEYS = ("title", "native_title", "year", "network", "episodes", "synopsis", "genres", "watch")
SCENE_KEYS = ("episode", "summary", "quote")  # the title and video link identify the scene
ENTRY_KEYS = ("heading", "quote", "body")
ENTRY_SCENE_KEYS = ("lead_in", "caption")
IMAGE_ITEM_KEYS = {
    "image": "image",
    "alt": "image_alt",
    "credit": "credit",
    "lead_in": "lead_in",
    "caption": "caption",
}


class Mentions:
    """The values given for one drama, actor, character or scene, wherever the file mentions it."""

    def __init__(self, label):
        self.label = label
        self.values = {}
        self.first = {}
        self.at = None  # where the file first mentions it

    def path(self, name):
        """The JSON path of `name` where it was first given, else under the first mention."""
        return self.first.get(name) or str(self.at / name)

    def add(self, values, path):
        if self.at is None:
            self.at = path
        for name, value in values.items():
            if name not in self.values:
                self.values[name] = value
                self.first[name] = str(path / name)
            elif self.values[name] != value:
                (path / name).add(f"differs from {self.first[name]} for {self.label}")


@dataclass
class DramaPlan:
    slug: str
    mentions: Mentions
    cast: dict = field(default_factory=dict)  # character -> Mentions of {"actor": slug, "billing": ...}

    @property
    def title(self):
        return self.mentions.values.get("title", self.slug)


@dataclass
class EntryPlan:
    drama: str
    values: dict
    quote_by: str
    featuring: list
    scenes: list  # (scene key, {"lead_in": ..., "caption": ...}) in reading order; key None for an image


@dataclass
class Plan:
    slug: str
    values: dict
    status: str
    publish_at: datetime | None
    author: dict | None
    tags: list
    actors: dict = field(default_factory=dict)  # slug -> Mentions of {"actor": name}
    dramas: dict = field(default_factory=dict)  # slug -> DramaPlan
    scenes: dict = field(default_factory=dict)  # (drama slug, video_url, title) -> Mentions
    entries: list = field(default_factory=list)


def make_plan(data):
    """A Plan for the file's data, or InterchangeError listing every problem found."""
    path = Path()
    cleaned = read(LISTICLE, data, path)
    if cleaned is INVALID:
        path.raise_problems()
    plan = Plan(
        slug=cleaned.get("slug", ""),
        values={
            **LISTICLE_DEFAULTS,
            **{key: cleaned[key] for key in ("title", "slug", *LISTICLE_DEFAULTS) if key in cleaned},
        },
        status=cleaned.get("status", Status.DRAFT.value),
        publish_at=cleaned.get("publish_at"),
        author=author_values(cleaned.get("author"), path / "author"),
        tags=cleaned.get("tags", []),
    )
    if plan.status == Status.PUBLISHED and data.get("publish_at") is None:
        (path / "publish_at").add("required when status is published")
    entries = [
        (entry, path / "entries" / index)
        for index, entry in enumerate(cleaned.get("entries", []))
        if entry is not None
    ]
    slugs = [add_drama(plan, entry.get("drama"), at / "drama") for entry, at in entries]
    for (entry, at), slug in zip(entries, slugs, strict=True):
        if slug is not None:
            plan.entries.append(entry_plan(plan, entry, slug, at))
    path.raise_problems()
    return plan


def author_values(author, path):
    if not author or "name" not in author:
        return None
    slug = author.get("slug") or slugify(author["name"])
    if not slug:
        (path / "slug").add(f'required, since the name "{author["name"]}" gives no slug')
    return {**author, "slug": slug}


def add_drama(plan, drama, path):
    """Merge one mention of a drama into the plan; its slug, or None when it cannot be named."""
    if drama is None or not (drama.get("slug") or "title" in drama):
        return None
    slug = drama.get("slug") or slugify(drama["title"])
    if not slug:
        (path / "slug").add(f'required, since the title "{drama["title"]}" gives no slug')
        return None
    known = plan.dramas.setdefault(slug, DramaPlan(slug, Mentions(f'drama "{slug}"')))
    values = {key: drama[key] for key in DRAMA_KEYS if key in drama}
    if "genres" in values:
        values["genres"] = sorted(values["genres"], key=str.casefold)
    known.mentions.add(values, path)
    listed = set()
    for index, member in enumerate(drama.get("cast", [])):
        if member is None or "character" not in member or "actor" not in member:
            continue
        at = path / "cast" / index
        character = member["character"]
        if character in listed:
            (at / "character").add(f'"{character}" is listed twice in this cast')
            continue
        listed.add(character)
        actor = member.get("actor_slug") or slugify(member["actor"])
        if not actor:
            (at / "actor_slug").add(f'required, since the name "{member["actor"]}" gives no slug')
            continue
        plan.actors.setdefault(actor, Mentions(f'actor "{actor}"')).add({"actor": member["actor"]}, at)
        role = {"actor": actor, **({"billing": member["billing"]} if "billing" in member else {})}
        label = f'"{character}" in drama "{slug}"'
        known.cast.setdefault(character, Mentions(label)).add(role, at)
    return slug


def entry_plan(plan, entry, slug, path):
    drama = plan.dramas[slug]
    quote_by = entry.get("quote_by", "")
    if quote_by and quote_by not in drama.cast:
        (path / "quote_by").add(f'"{quote_by}" is not in the cast of {drama.title}')
    featuring = entry.get("featuring", [])
    for index, character in enumerate(featuring):
        if character not in drama.cast:
            (path / "featuring" / index).add(f'"{character}" is not in the cast of {drama.title}')
    scenes = []
    for index, scene in enumerate(entry.get("scenes", [])):
        if scene is not None and "image" in scene:
            scenes.append((None, image_item(scene, path / "scenes" / index)))
            continue
        if scene is None or "title" not in scene:
            continue
        key = (slug, scene.get("video_url", ""), scene["title"])
        label = f'scene "{scene["title"]}" of drama "{slug}"'
        mentions = plan.scenes.setdefault(key, Mentions(label))
        mentions.add({name: scene[name] for name in SCENE_KEYS if name in scene}, path / "scenes" / index)
        scenes.append((key, {name: scene.get(name, "") for name in ENTRY_SCENE_KEYS}))
    values = {name: entry.get(name, "") for name in ENTRY_KEYS}
    return EntryPlan(slug, values, quote_by, featuring, scenes)


def image_item(item, path):
    """The row values of an image item; the image must already be stored on this site."""
    if not default_storage.exists(item["image"]):
        (path / "image").add(f'no uploaded image is stored as "{item["image"]}"')
    return {column: item.get(key, "") for key, column in IMAGE_ITEM_KEYS.items()}

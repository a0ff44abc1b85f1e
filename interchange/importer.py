"""Writing a planned import: reuse what exists, change only what differs, all or nothing."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from articles import addresses
from articles.models import Author, Entry, EntryScene, Listicle
from dramas import live
from dramas.models import Actor, Drama, Role, Scene, WatchLink

from . import matching
from .plan import make_plan
from .problems import InterchangeError


@dataclass(frozen=True)
class ImportResult:
    listicle: Listicle
    created: bool
    changed: bool

    @property
    def outcome(self):
        return "Created" if self.created else "Updated" if self.changed else "Unchanged"

    def report(self):
        """One line for an operator: `Created "Title" (id 4, 12 entries)`."""
        count = self.listicle.entries.count()
        entries = f"{count} entry" if count == 1 else f"{count} entries"
        return f'{self.outcome} "{self.listicle.title}" (id {self.listicle.pk}, {entries})'


def import_listicle(
    data,
    *,
    into=None,
    entry_ids=None,
    editor=None,
    keep_live_rows=False,
    reuse_entry_ids=False,
):
    """Create or update one listicle from interchange data (already parsed from JSON).

    The listicle is matched by `slug`, or is `into` when given (restoring a revision whose slug has
    changed since). A new listicle is created as a draft; the status and publication times of a
    listicle are left as they are (the newsroom brings it to the file's status through its workflow:
    `newsroom.imports`). `entry_ids` are the ids the file's entries had (restoring a revision), so
    that each updates its own entry (`matching`). Knowledge-base rows that a live article shows
    change only for an `editor` who may change them in the admin (`dramas.live`); for the site's
    operator (None) and anyone else the import is refused, or with `keep_live_rows` (the demo) those
    rows are left as they are. With `reuse_entry_ids`, an entry of `entry_ids` that no saved entry
    matches is made again with its id when no row holds it (a draft's new entry keeps the id its
    change form was shown). Raises InterchangeError, having written nothing, when the data is
    invalid or changes what a live article shows.
    """
    plan = make_plan(data)
    with transaction.atomic():
        if into is not None:
            into.refresh_from_db(from_queryset=Listicle.objects.select_for_update())
            target = into
        else:
            target = Listicle.objects.select_for_update().filter(slug=plan.slug).first()
        check_database(plan, target)
        writer = Writer(
            plan,
            entry_ids=entry_ids,
            editor=editor,
            keep_live_rows=keep_live_rows,
            reuse_entry_ids=reuse_entry_ids,
        )
        return writer.write(target)


def check_database(plan, target):
    """Problems only the database can tell, found before anything is written."""
    problems = []
    if Listicle.objects.filter(slug=plan.slug).exclude(pk=getattr(target, "pk", None)).exists():
        problems.append(f'slug: "{plan.slug}" is already used by another listicle')
    elif target is not None and plan.slug != target.slug and (reason := addresses.refusal(target, plan.slug)):
        problems.append(f"slug: {reason}")
    if target is not None and target.hero_image and not plan.values["hero_alt"].strip():
        problems.append("hero_alt: Describe the image for readers who cannot see it.")
    cast = defaultdict(list)
    for role in Role.objects.filter(drama__slug__in=list(plan.dramas)).select_related("drama", "actor"):
        cast[role.drama.slug, role.character].append(role)
    for (slug, character), roles in cast.items():
        mention = plan.dramas[slug].cast.get(character)
        if mention is not None and mention.values["actor"] not in {role.actor.slug for role in roles}:
            problems.append(
                f"{mention.first['actor']}: {roles[0].drama.title} already has {character} "
                f"played by {roles[0].actor.name}"
            )
    if problems:
        raise InterchangeError(problems)


def differ(manager, names):
    """Whether a row's tags are other than `names`, case aside."""
    return sorted(name.casefold() for name in manager.names()) != sorted(name.casefold() for name in names)


def item_values(scenes, key, values):
    """An EntryScene row's values: a clip (key names its scene) or an image (key is None)."""
    if key is None:
        return {"scene_id": None, **values}
    return {"scene_id": scenes[key].pk, "image": "", "image_alt": "", "credit": "", **values}


class Writer:
    """Applies a plan; `changed` records whether any row was created, updated or deleted."""

    def __init__(
        self,
        plan,
        *,
        entry_ids=None,
        editor=None,
        keep_live_rows=False,
        reuse_entry_ids=False,
    ):
        self.plan = plan
        self.entry_ids = entry_ids
        self.editor = editor
        self.keep_live_rows = keep_live_rows
        self.reuse_entry_ids = reuse_entry_ids
        self.changed = False
        self.shown_live = []  # changes to rows a live article shows, refused once all are known

    def write(self, listicle):
        author = self.author()
        actors = self.actors()
        dramas = self.dramas()
        roles = self.roles(dramas, actors)
        scenes = self.scenes(dramas)
        created = listicle is None
        values = {**self.plan.values, "author_id": author.pk if author else None}
        if created:
            listicle = self.create(Listicle, **values)  # a draft
        self.tags(listicle.tags, self.plan.tags)
        self.entries(listicle, dramas, roles, scenes)
        if self.shown_live:
            raise InterchangeError(self.shown_live)  # the transaction takes back what was written
        if not created:
            # A change to any of its rows makes the listicle itself updated.
            self.update(listicle, values, stamp=["updated"], force=self.changed)
        return ImportResult(listicle, created, self.changed)

    # Rows shared with other listicles: keys the file gives are applied, others left alone.

    def author(self):
        values = self.plan.author
        if values is None:
            return None
        author = Author.objects.filter(slug=values["slug"]).first()
        if author is None:
            return self.create(Author, **values)
        return self.update(author, values)

    def actors(self):
        existing = Actor.objects.in_bulk(list(self.plan.actors), field_name="slug")
        actors = {}
        for slug, mentions in self.plan.actors.items():
            values = {"name": mentions.values["actor"]}
            actor = existing.get(slug)
            if actor is None:
                actors[slug] = self.create(Actor, slug=slug, **values)
            else:
                actors[slug] = self.update(actor, values, shown_at=lambda name, m=mentions: m.first["actor"])
        return actors

    def dramas(self):
        existing = Drama.objects.in_bulk(list(self.plan.dramas), field_name="slug")
        dramas = {}
        for slug, plan in self.plan.dramas.items():
            given = dict(plan.mentions.values)
            genres, watch = given.pop("genres", None), given.pop("watch", None)
            first = plan.mentions.first
            drama = existing.get(slug)
            if drama is None:
                drama = self.create(Drama, slug=slug, **given)
            else:
                drama = self.update(drama, given, shown_at=first.__getitem__)
            if (
                genres is not None
                and differ(drama.tags, genres)
                and (slug not in existing or self.may_change(drama, [first["genres"]]))
            ):
                self.tags(drama.tags, genres)
            if watch is not None:
                links = list(drama.watch_links.all())
                wanted = [{"provider": link["provider"], "url": link["url"]} for link in watch]
                same = [(link.provider, link.url) for link in links] == [
                    (link["provider"], link["url"]) for link in wanted
                ]
                if not same and (slug not in existing or self.may_change(drama, [first["watch"]])):
                    self.sync(
                        links,
                        wanted,
                        lambda position, values, drama=drama: WatchLink(
                            drama=drama, position=position, **values
                        ),
                    )
            dramas[slug] = drama
        return dramas

    def roles(self, dramas, actors):
        """Roles by (drama, actor, character); new ones join the end of the drama's cast."""
        existing = list(Role.objects.filter(drama__in=list(dramas.values())))
        by_key = {(role.drama_id, role.actor_id, role.character): role for role in existing}
        roles = {}
        for slug, plan in self.plan.dramas.items():
            drama = dramas[slug]
            position = max((role.position for role in existing if role.drama_id == drama.pk), default=-1)
            for character, mentions in plan.cast.items():
                actor = actors[mentions.values["actor"]]
                billing = mentions.values.get("billing")
                role = by_key.get((drama.pk, actor.pk, character))
                if role is None:
                    position += 1
                    role = self.create(
                        Role,
                        drama=drama,
                        actor=actor,
                        character=character,
                        position=position,
                        billing=billing or Role.Billing.LEAD,
                    )
                elif billing:
                    self.update(role, {"billing": billing}, shown_at=lambda name, m=mentions: m.first[name])
                roles[slug, character] = role
        return roles

    def scenes(self, dramas):
        """A scene is matched by its drama, video link and title; failing that, by its drama and video
        link alone (so a corrected title updates the scene), taking one no other scene of the file has."""
        candidates = list(Scene.objects.filter(drama__in=list(dramas.values())).order_by("id"))
        exact = {}
        for scene in candidates:
            exact.setdefault((scene.drama_id, scene.video_url, scene.title), scene)
        found = {
            (slug, video_url, title): exact.get((dramas[slug].pk, video_url, title))
            for slug, video_url, title in self.plan.scenes
        }
        claimed = {scene.pk for scene in found.values() if scene is not None}
        scenes = {}
        for (slug, video_url, title), mentions in self.plan.scenes.items():
            drama = dramas[slug]
            scene = found[slug, video_url, title]
            if scene is None and video_url:
                same_clip = (s for s in candidates if (s.drama_id, s.video_url) == (drama.pk, video_url))
                scene = next((s for s in same_clip if s.pk not in claimed), None)
            values = {"title": title, "video_url": video_url, **mentions.values}
            if scene is None:
                scene = self.create(Scene, drama=drama, **values)
            else:
                scene = self.update(scene, values, shown_at=mentions.path)
            claimed.add(scene.pk)
            scenes[slug, video_url, title] = scene
        return scenes

    # The listicle's own rows: the file is the whole truth.

    def entries(self, listicle, dramas, roles, scenes):
        """Each entry of the file updates the saved entry `matching` finds for it, so that readers'
        votes stay with their entry through a reorder; positions change only where the order does."""
        rows = list(listicle.entries.select_related("drama").prefetch_related("featuring", "scene_links"))
        matched = matching.match(rows, [entry.drama for entry in self.plan.entries], self.entry_ids)
        extra = matching.left_over(rows, matched)
        if extra:
            Entry.objects.filter(pk__in=[row.pk for row in extra]).delete()
            self.changed = True
        reusable = self.reusable_ids(matched)
        last = (-1, 0)  # (position, id) of the entry before: entries read in that order
        for index, (row, entry) in enumerate(zip(matched, self.plan.entries, strict=True)):
            quote_role = roles[entry.drama, entry.quote_by] if entry.quote_by else None
            values = {
                "drama_id": dramas[entry.drama].pk,
                **entry.values,
                "quote_role_id": quote_role.pk if quote_role else None,
            }
            if row is None:
                if index in reusable:
                    values["pk"] = reusable[index]
                row = self.create(Entry, listicle=listicle, position=last[0] + 1, **values)
            else:
                if (row.position, row.pk) <= last:
                    values["position"] = last[0] + 1
                row = self.update(row, values)
            last = (row.position, row.pk)
            featuring = {roles[entry.drama, character].pk for character in entry.featuring}
            if {role.pk for role in row.featuring.all()} != featuring:
                row.featuring.set(featuring)
                self.changed = True
            self.sync(
                list(row.scene_links.all()),
                [item_values(scenes, key, values) for key, values in entry.scenes],
                lambda position, values, row=row: EntryScene(entry=row, position=position, **values),
            )

    def reusable_ids(self, matched):
        """{place in the file: id} for the new entries whose former id is free, with reuse_entry_ids."""
        if not self.reuse_entry_ids or not self.entry_ids or len(self.entry_ids) != len(matched):
            return {}
        wanted = {index: pk for index, pk in enumerate(self.entry_ids) if matched[index] is None and pk}
        taken = (
            set(Entry.objects.filter(pk__in=wanted.values()).values_list("pk", flat=True))
            if wanted
            else set()
        )
        return {index: pk for index, pk in wanted.items() if pk not in taken}

    # Writing only what differs.

    def sync(self, rows, wanted, build):
        """Row i takes wanted[i]; missing rows are built after the last one, extra rows deleted."""
        kept, position = [], -1
        for index, values in enumerate(wanted):
            if index < len(rows):
                row = self.update(rows[index], values)
            else:
                row = build(position + 1, values)
                row.save()
                self.changed = True
            kept.append(row)
            position = row.position
        extra = rows[len(wanted) :]
        if extra:
            type(extra[0]).objects.filter(pk__in=[row.pk for row in extra]).delete()
            self.changed = True
        return kept

    def create(self, model, **values):
        self.changed = True
        return model.objects.create(**values)

    def update(self, row, values, *, stamp=(), force=False, shown_at=None):
        """Save the row only if one of the values differs (or force), and only the fields that do.

        `shown_at(field)` gives the JSON path of a field of a knowledge-base row, which a live
        article may show (`may_change`)."""
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if (
            changed
            and shown_at is not None
            and not self.may_change(row, [shown_at(name) for name in changed])
        ):
            return row
        if changed or force:
            for name in changed:
                setattr(row, name, values[name])
            row.save(update_fields=[*changed, *stamp])
            self.changed = True
        return row

    def tags(self, manager, names):
        if differ(manager, names):
            manager.set(names)
            self.changed = True

    def may_change(self, row, paths):
        """The live-row rule, as the knowledge-base admin applies it (`dramas.live`): a row that a
        live article shows changes only for an editor who may change it there. A file, imported by
        the site's operator, may not: each change is noted at its JSON path (`paths`), and the import
        refused once all are known; with `keep_live_rows`, the row is left as it is instead."""
        if self.editor is not None and live.may_change(self.editor):
            return True
        shown_on = live.showing(row)
        if not shown_on:
            return True
        if self.keep_live_rows:
            return False
        where = live.named(shown_on, quotes='""')
        articles = "article" if len(shown_on) == 1 else "articles"
        label = getattr(row, "title", None) or str(row)
        for path in paths:
            self.shown_live.append(
                f'{path}: "{label}" is shown by the live {articles} {where}; '
                "change it through the admin's review"
            )
        return True

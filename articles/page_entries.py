"""An article page's entries and all they show, read with SQL written out once.

`prefetch_related_objects([listicle], *page_prefetches(tags=False, entry_totals=True))` reads an
article's entries (with their drama, who says the quote, the reader parts' totals such as their
votes: `reader_parts.entry_totals`), the couple each
features, the dramas' watch links and the entries' clips and images in four queries. Building
those queries and the prefetch's bookkeeping (a related manager and a filtered queryset per entry
and per drama) cost several times what running them does, on every cold render. `read_entries`
reads the same rows with the same four queries written out here (`articles.sql_rows`) and puts
the same model instances where the prefetch puts them: `listicle.entries.all()`,
`entry.featuring.all()`, `entry.drama.watch_links.all()`, `entry.scene_links.all()`.
`tests/articles/test_page_entries.py` holds them to what the prefetch gives.
"""

from functools import lru_cache

from django.db import connections, router
from django.db.models.query import QuerySet

from dramas.models import Actor, Drama, Role, Scene, WatchLink

from . import reader_parts
from .models import Entry, EntryScene
from .sql_rows import converted, converters


class ReadRows(QuerySet):
    """The rows read for one instance's relation, kept where a prefetch keeps them: iterated,
    counted and tested as they are; any further query (filter, order_by, all...) is built on the
    relation's own filter, as with Django's prefetch."""

    relation = None  # (model, {lookup: value}) of the relation's own queryset

    def _chain(self):
        model, lookups = self.relation
        return model._default_manager.filter(**lookups)._chain()


def read_entries(listicle):
    """Fill `listicle`'s entries and what they show, as `page_prefetches(tags=False,
    entry_totals=True)` does, in the same four queries (one when it has no entry)."""
    database = router.db_for_read(Entry)
    connection = connections[database]
    models = (Entry, Drama, Role, Actor)
    totals = tuple(reader_parts.entry_totals().items())
    with connection.cursor() as cursor:
        cursor.execute(_entries_sql(totals), [listicle.pk])
        rows = _rows(cursor, models, connection)
        entries = []
        for row in rows:
            entry, drama, role, actor = _instances(database, models, row)
            for (name, _), total in zip(totals, row[len(row) - len(totals) :], strict=True):
                setattr(entry, name, total)
            entry._state.fields_cache |= {"listicle": listicle, "drama": drama, "quote_role": role}
            if role is not None:
                role._state.fields_cache["actor"] = actor
            entries.append(entry)
        _keep(listicle, "entries", Entry, entries, listicle=listicle.pk)
        if not entries:
            return
        by_entry = {entry.pk: entry for entry in entries}
        ids = _padded(list(by_entry))
        cursor.execute(_featuring_sql(len(ids)), ids)
        featuring = {pk: [] for pk in by_entry}
        for entry_id, *row in _rows(cursor, (None, Role, Actor), connection):
            role, actor = _instances(database, (Role, Actor), row)
            role._state.fields_cache["actor"] = actor
            featuring[entry_id].append(role)
        dramas = {entry.drama_id: entry.drama for entry in entries}  # the last of each, as a prefetch
        drama_ids = _padded(list(dramas))
        cursor.execute(_watch_links_sql(len(drama_ids)), drama_ids)
        links = {pk: [] for pk in dramas}
        for row in _rows(cursor, (WatchLink,), connection):
            (link,) = _instances(database, (WatchLink,), row)
            link._state.fields_cache["drama"] = dramas[link.drama_id]
            links[link.drama_id].append(link)
        cursor.execute(_scene_links_sql(len(ids)), ids)
        scene_links = {pk: [] for pk in by_entry}
        for row in _rows(cursor, (EntryScene, Scene), connection):
            link, scene = _instances(database, (EntryScene, Scene), row)
            link._state.fields_cache |= {"scene": scene, "entry": by_entry[link.entry_id]}
            scene_links[link.entry_id].append(link)
    for entry in entries:
        _keep(entry, "featuring", Role, featuring[entry.pk], featured_in=entry.pk)
        _keep(entry.drama, "watch_links", WatchLink, links[entry.drama_id], drama=entry.drama_id)
        _keep(entry, "scene_links", EntryScene, scene_links[entry.pk], entry=entry.pk)


def _keep(instance, name, model, rows, **lookups):
    """Keep `rows` as `instance`'s prefetched `name` relation (`model` rows matching `lookups`)."""
    kept = ReadRows(model)
    kept.relation = (model, lookups)
    kept._result_cache, kept._prefetch_done = rows, True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = kept


def _padded(ids):
    """`ids` with the last repeated up to a power of two (at least 16): few query shapes."""
    size = 16
    while size < len(ids):
        size *= 2
    return ids + ids[-1:] * (size - len(ids))


def _rows(cursor, models, connection):
    """The cursor's rows, converted for the concrete fields of `models` in turn (None: a column
    of no model, left as it is)."""
    fields = []
    for model in models:
        fields += [None] if model is None else list(model._meta.concrete_fields)
    return converted(cursor.fetchall(), converters(fields, connection), connection)


def _instances(database, models, row):
    """One instance per model from consecutive columns of `row` (None when its id is NULL)."""
    found, place = [], 0
    for model in models:
        fields = model._meta.concrete_fields
        values = row[place : place + len(fields)]
        place += len(fields)
        found.append(None if values[0] is None else model.from_db(database, _names(model), values))
    return found


@lru_cache(maxsize=16)
def _names(model):
    return [field.attname for field in model._meta.concrete_fields]


def _columns(model, alias):
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def _listed(count):
    return "(" + ", ".join(["%s"] * count) + ")"


# Table and column names come from the models: only %s carries a value (hence the noqa: S608).
# A total is COUNT(*), which PostgreSQL answers from the (listicle, entry) index alone: COUNT of the
# id read every vote's row (28 ms for 41,000 votes on an article, against 5 ms).


@lru_cache(maxsize=2)
def _entries_sql(totals):
    """The entries' query, with a column for each of `totals` ((name, (model, entry field)) pairs)."""
    entry, drama, role, actor = (m._meta.db_table for m in (Entry, Drama, Role, Actor))
    columns = ", ".join(
        _columns(model, alias) for model, alias in ((Entry, "e"), (Drama, "d"), (Role, "q"), (Actor, "qa"))
    )
    for name, (model, field) in totals:
        meta, entry_column = model._meta, model._meta.get_field(field).column
        listicle_column = meta.get_field("listicle").column
        columns += (
            f", (SELECT COUNT(*) FROM {meta.db_table} t WHERE t.{listicle_column} ="  # noqa: S608
            f" e.listicle_id AND t.{entry_column} = e.id GROUP BY t.{entry_column}) AS {name}"
        )
    return (
        f"SELECT {columns}"  # noqa: S608
        f" FROM {entry} e INNER JOIN {drama} d ON d.id = e.drama_id"
        f" LEFT OUTER JOIN {role} q ON q.id = e.quote_role_id"
        f" LEFT OUTER JOIN {actor} qa ON qa.id = q.actor_id"
        " WHERE e.listicle_id = %s ORDER BY e.position ASC, e.id ASC"
    )


@lru_cache(maxsize=8)
def _featuring_sql(count):
    role, actor = Role._meta.db_table, Actor._meta.db_table
    through = Entry.featuring.through._meta.db_table
    return (
        f"SELECT f.entry_id, {_columns(Role, 'r')}, {_columns(Actor, 'a')} FROM {role} r"  # noqa: S608
        f" INNER JOIN {through} f ON f.role_id = r.id INNER JOIN {actor} a ON a.id = r.actor_id"
        f" WHERE f.entry_id IN {_listed(count)} ORDER BY r.position ASC, r.id ASC"
    )


@lru_cache(maxsize=8)
def _watch_links_sql(count):
    return (
        f"SELECT {_columns(WatchLink, 'w')} FROM {WatchLink._meta.db_table} w"  # noqa: S608
        f" WHERE w.drama_id IN {_listed(count)} ORDER BY w.position ASC, w.id ASC"
    )


@lru_cache(maxsize=8)
def _scene_links_sql(count):
    return (
        f"SELECT {_columns(EntryScene, 'l')}, {_columns(Scene, 's')} FROM {EntryScene._meta.db_table} l"  # noqa: S608
        f" LEFT OUTER JOIN {Scene._meta.db_table} s ON s.id = l.scene_id"
        f" WHERE l.entry_id IN {_listed(count)} ORDER BY l.position ASC, l.id ASC"
    )

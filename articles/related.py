"""Related reading: other published listicles that share dramas, actors or tags with a page.

The overlap is counted in SQL, one correlated subquery per kind, so a page gets its cards in
one query (plus the cards' tags) however many articles exist: the shared dramas, the shared
actors (credited or quoted) and the shared tags are added up, and the biggest overlap comes
first, then the newest article.

The query is written out in SQL (`_related_sql`), once per shape (which kinds it matches and how
many ids each names): building it through the ORM (three correlated count subqueries, four
candidate subqueries) cost several times what running it does, on every cold render of an
article (`articles.sql_rows`).
"""

from functools import lru_cache

from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.utils import timezone
from taggit.models import TaggedItem

from dramas.models import Role

from .models import Author, Entry, Listicle, Status
from .sql_rows import converted, converters

LIMIT = 4
LISTICLE_TYPE = ("articles", "listicle")  # a listicle's tags' content type: (app_label, model)


def related_listicles(*, dramas=(), actors=(), tags=(), tags_of=None, exclude=(), limit=LIMIT, tagged=True):
    """Up to `limit` published listicles sharing any of the given drama, actor and tag ids (or,
    with `tags_of`, any tag of that listicle id), other than the listicle ids in `exclude` (the
    page's own, or those it lists already); with their authors, and their tags unless not
    `tagged`. Each carries its `overlap` (shared dramas + shared actors + shared tags)."""
    values = {
        "dramas": sorted(set(dramas)),
        "actors": sorted(set(actors)),
        "tags": [] if tags_of is not None else sorted(set(tags)),
        "exclude": sorted(set(exclude)),
    }
    if not (values["dramas"] or values["actors"] or values["tags"] or tags_of is not None):
        return []
    database = router.db_for_read(Listicle)
    connection = connections[database]
    values |= {
        "tags_of": [*LISTICLE_TYPE, tags_of],
        "listicle_type": list(LISTICLE_TYPE),
        "published": [Status.PUBLISHED, connection.ops.adapt_datetimefield_value(timezone.now())],
        "limit": [limit],
    }
    shape = tuple(len(values[kind]) for kind in ("dramas", "actors", "tags", "exclude"))
    sql, layout = _related_sql(*shape, tags_of is not None)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for group in layout for value in values[group]])
        rows = cursor.fetchall()
    related = _cards(rows, database, connection)
    if tagged:
        prefetch_related_objects(related, "tags")
    return related


def related_to_listicle(listicle, entries):
    """Related reading for an article, from its already fetched `entries`.

    When the listicle's tags are not prefetched, its tags are matched in SQL and read afterwards
    with the cards' tags, in one query for both."""
    roles = [role for entry in entries for role in entry.featuring.all()]
    roles += [entry.quote_role for entry in entries if entry.quote_role_id]
    tags_known = "tags" in getattr(listicle, "_prefetched_objects_cache", {})
    tags = {"tags": {tag.pk for tag in listicle.tags.all()}} if tags_known else {"tags_of": listicle.pk}
    related = related_listicles(
        dramas={entry.drama_id for entry in entries},
        actors={role.actor_id for role in roles},
        exclude={listicle.pk},
        tagged=tags_known,
        **tags,
    )
    if not tags_known:
        prefetch_related_objects([listicle, *related], "tags")
    return related


def related_to_drama(drama, listed=()):
    """Articles about `drama` or its cast (roles prefetched), but those in `listed`."""
    return related_listicles(
        dramas={drama.pk}, actors={role.actor_id for role in drama.roles.all()}, exclude=listed
    )


def related_to_actor(actor, listed=()):
    """Articles about `actor` or the dramas they play in (roles prefetched), but those in `listed`."""
    return related_listicles(
        dramas={role.drama_id for role in actor.roles.all()}, actors={actor.pk}, exclude=listed
    )


def _columns(model, alias):
    return [f"{alias}.{field.column}" for field in model._meta.concrete_fields]


@lru_cache(maxsize=64)
def _related_sql(dramas, actors, tags, exclude, by_listicle):
    """(SQL, the names of the value groups its placeholders take, in order) for a query matching
    `dramas`, `actors` and `tags` ids (how many of each; 0: not matched), or the tags of one
    listicle when `by_listicle`, and leaving out `exclude` listicle ids."""
    listicle, author, entry, role, tagged = (
        model._meta.db_table for model in (Listicle, Author, Entry, Role, TaggedItem)
    )
    featuring = Entry.featuring.through._meta.db_table
    content_type = TaggedItem._meta.get_field("content_type").related_model._meta.db_table

    def listed(count):
        return "(" + ", ".join(["%s"] * count) + ")"

    # Table and column names come from the models: only %s carries a value (hence the noqa: S608).
    counts, candidates = [], []  # SQL, with the value groups their placeholders take, in order
    count_groups, candidate_groups = [], []
    if dramas:
        in_dramas = f"e.drama_id IN {listed(dramas)}"
        counts.append(
            f"(SELECT COUNT(DISTINCT e.drama_id) FROM {entry} e WHERE e.listicle_id = l.id AND {in_dramas})"  # noqa: S608
        )
        candidates.append(f"l.id IN (SELECT e.listicle_id FROM {entry} e WHERE {in_dramas})")  # noqa: S608
        count_groups.append("dramas")
        candidate_groups.append("dramas")
    if actors:
        in_actors = f"r.actor_id IN {listed(actors)}"
        credited = (
            f"SELECT f.role_id FROM {featuring} f JOIN {entry} e ON e.id = f.entry_id"  # noqa: S608
            " WHERE e.listicle_id = l.id"
        )
        quoted = f"SELECT e.quote_role_id FROM {entry} e WHERE e.listicle_id = l.id"  # noqa: S608
        counts.append(
            f"(SELECT COUNT(DISTINCT r.actor_id) FROM {role} r"  # noqa: S608
            f" WHERE {in_actors} AND (r.id IN ({credited}) OR r.id IN ({quoted})))"
        )
        candidates += [
            f"l.id IN (SELECT e.listicle_id FROM {entry} e JOIN {featuring} f ON f.entry_id = e.id"  # noqa: S608
            f" JOIN {role} r ON r.id = f.role_id WHERE {in_actors})",
            f"l.id IN (SELECT e.listicle_id FROM {entry} e JOIN {role} r ON r.id = e.quote_role_id"  # noqa: S608
            f" WHERE {in_actors})",
        ]
        count_groups.append("actors")
        candidate_groups += ["actors", "actors"]
    if tags or by_listicle:
        of_listicles = (
            f"FROM {tagged} t JOIN {content_type} c ON c.id = t.content_type_id"  # noqa: S608
            " WHERE c.app_label = %s AND c.model = %s"
        )
        tag_ids = f"(SELECT t.tag_id {of_listicles} AND t.object_id = %s)" if by_listicle else listed(tags)
        in_tags = f"t.tag_id IN {tag_ids}"
        counts.append(
            f"(SELECT COUNT(DISTINCT t.tag_id) {of_listicles} AND t.object_id = l.id AND {in_tags})"
        )
        candidates.append(f"l.id IN (SELECT t.object_id {of_listicles} AND {in_tags})")
        tag_groups = ["listicle_type", "tags_of" if by_listicle else "tags"]
        count_groups += tag_groups
        candidate_groups += tag_groups
    columns = ", ".join(_columns(Listicle, "l") + _columns(Author, "a"))
    sql = (
        f"SELECT {columns}, {' + '.join(counts)} AS overlap"  # noqa: S608
        f" FROM {listicle} l LEFT OUTER JOIN {author} a ON a.id = l.author_id"
        " WHERE l.status = %s AND l.publish_at <= %s"
        + (f" AND l.id NOT IN {listed(exclude)}" if exclude else "")
        + f" AND ({' OR '.join(candidates)})"
        " ORDER BY overlap DESC, l.publish_at DESC, l.id DESC LIMIT %s"
    )
    exclude_groups = ["exclude"] if exclude else []
    return sql, (*count_groups, "published", *exclude_groups, *candidate_groups, "limit")


def _cards(rows, database, connection):
    """Listicles with their authors (as `select_related` gives them) and `overlap`, from rows of
    `_related_sql`."""
    listicle_fields, author_fields = Listicle._meta.concrete_fields, Author._meta.concrete_fields
    found = converters([*listicle_fields, *author_fields], connection)
    listicle_names = [field.attname for field in listicle_fields]
    author_names = [field.attname for field in author_fields]
    cards, split = [], len(listicle_fields)
    for row in converted(rows, found, connection):
        listicle = Listicle.from_db(database, listicle_names, row[:split])
        author = row[split : split + len(author_fields)]
        author = Author.from_db(database, author_names, author) if author[0] is not None else None
        listicle._state.fields_cache["author"] = author
        listicle.overlap = row[-1]
        cards.append(listicle)
    return cards

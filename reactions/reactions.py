"""The reaction box ("How does this article make you feel?"): the kinds on offer and the counts.

Counts are one aggregate query over the `reaction_counts` index (listicle, kind), so they always
equal the stored rows, made once per change and kept in the cache (`counts`); shares are each
kind's part of the total of the active kinds. On PostgreSQL the box and a new reader's first
reaction read them from the database's tally instead (`TALLY`), whose sums the database keeps
equal to the rows: a few rows per kind rather than every reaction of the article.
"""

import functools
from dataclasses import dataclass

from django.db import connections, transaction

from articles.sql_rows import converted, converters
from soompi import versioned
from soompi.responses import Refused

from . import choice_counts
from .models import Reaction, ReactionKind
from .polls import UNKNOWN
from .reader_choices import UNDONE, choose, first_counted

# Kept by the database on PostgreSQL (articles' migration 0012, the table's name kept when the
# reactions moved here): the box and a new reader's post read their counts there.
TALLY = "articles_reaction_tally"
# The `soompi.versioned` name of the active kinds: every kind saved, deleted or reordered bumps it
# (`apps.py` declares it to `articles.page_invalidation`).
KINDS = "reaction-kinds"


@dataclass(frozen=True)
class KindCount:
    kind: ReactionKind
    count: int
    share: int  # percent of the total, rounded
    chosen: bool


@dataclass(frozen=True)
class ReactionBox:
    kinds: list
    total: int
    mine: str  # the reader's kind slug, "" when none or not known

    def as_json(self):
        """The `reactions/` endpoint's body: counts by slug, the total, the reader's own or None."""
        return {
            "counts": {row.kind.slug: row.count for row in self.kinds},
            "total": self.total,
            "mine": self.mine or None,
        }


def active_kinds():
    """The active kinds in order, kept until an editor changes one (`soompi.versioned`), so a kind
    turned off is refused at once."""
    (kinds,) = versioned.read_many(kinds_read())
    return kinds


def kinds_read():
    """`active_kinds` as a read for `versioned.read_many`, to read it with other values at once."""
    return KINDS, lambda: list(ReactionKind.objects.filter(active=True)), KINDS


def check_open(listicle):
    if not listicle.allow_reactions:
        raise Refused("Reactions are turned off for this article.", status=404)


def kind_from(data, kinds):
    """The active kind named by the posted `kind` field; Refused with the reason otherwise."""
    slug = data.get("kind", "")
    if not slug:
        raise Refused("Choose a reaction: the “kind” field is missing.")
    for kind in kinds:
        if kind.slug == slug:
            return kind
    raise Refused("That reaction does not exist or is no longer offered.")


def counts(listicle_id):
    """{kind id: reactions} on the listicle, every kind (`choice_counts.choice_counts`)."""
    return choice_counts.choice_counts(Reaction, "kind", listicle_id)


def react(listicle, reader, data, *, counts=True, kinds=None):
    """Apply a reader's post to `listicle`; returns the box as they now see it (None without
    `counts`: a reader without JavaScript is sent back to the page, which counts them anyway).

    `kinds` are the active kinds when the caller read them. With `counts`, the post and its counts
    are one transaction, so a failure before the answer undoes the post; a new reader's first
    reaction is one statement on PostgreSQL (`reader_choices.first_counted`).
    """
    check_open(listicle)
    kinds = active_kinds() if kinds is None else kinds
    kind = kind_from(data, kinds)
    if not counts:
        choose(Reaction, listicle, reader, kind=kind)
        return None
    counted = first_counted(Reaction, listicle, reader, tally=TALLY, kind=kind)
    if counted is not None:
        return box(listicle, kinds=kinds, mine=kind.slug, counted=counted)
    with transaction.atomic():
        outcome = choose(Reaction, listicle, reader, kind=kind)
        return box(listicle, kinds=kinds, mine="" if outcome == UNDONE else kind.slug)


def kinds_and_counts(listicle_id):
    """(the active kinds in order, {kind id: reactions} on the listicle): one query, the kinds each
    with its count, kept until a kind or a reaction on the listicle changes (`soompi.versioned`).

    On PostgreSQL a count is the sum of the kind's few rows in the tally; elsewhere it counts the
    reactions on the (listicle, kind) index, which on an article with tens of thousands of them
    costs milliseconds of the database's time on every render. The query is written out once per
    database (`counted_kinds_sql`): building it through the ORM cost more than running it.
    """

    def read():
        database = ReactionKind.objects.db
        connection = connections[database]
        fields = ReactionKind._meta.concrete_fields
        with connection.cursor() as cursor:
            cursor.execute(counted_kinds_sql(database), [listicle_id, True])
            rows = converted(cursor.fetchall(), converters(fields, connection), connection)
        names = [field.attname for field in fields]
        kinds = [ReactionKind.from_db(database, names, row[:-1]) for row in rows]
        return kinds, {kind.pk: row[-1] for kind, row in zip(kinds, rows, strict=True)}

    key, versions = box_kept_as(listicle_id)
    return versioned.read(key, read, version=versions)


@functools.lru_cache(maxsize=8)
def counted_kinds_sql(database):
    """The active kinds in their order, each with its count on the listicle (the first parameter;
    the second is True), from the tally on PostgreSQL and the rows elsewhere. Names come from the
    models and `TALLY`: only %s carries a value (hence the noqa: S608)."""
    connection, kind = connections[database], ReactionKind._meta
    quote = connection.ops.quote_name
    columns = ", ".join(f"k.{quote(field.column)}" for field in kind.concrete_fields)
    pk = f"k.{quote(kind.pk.column)}"
    if connection.vendor == "postgresql":
        n = f"SELECT SUM(t.n) FROM {quote(TALLY)} t WHERE t.listicle_id = %s AND t.kind_id = {pk}"  # noqa: S608
    else:
        reaction = Reaction._meta
        listicle, kind_id = (quote(reaction.get_field(name).column) for name in ("listicle", "kind"))
        rows = quote(reaction.db_table)
        n = f"SELECT COUNT(*) FROM {rows} r WHERE r.{listicle} = %s AND r.{kind_id} = {pk}"  # noqa: S608
    order = ", ".join(f"k.{quote(kind.get_field(name).column)}" for name in kind.ordering)
    return (
        f"SELECT {columns}, COALESCE(({n}), 0) FROM {quote(kind.db_table)} k"  # noqa: S608
        f" WHERE k.{quote(kind.get_field('active').column)} = %s ORDER BY {order}"
    )


def box_kept_as(listicle_id):
    """The key and versions `kinds_and_counts` keeps the kinds and counts under."""
    return f"reaction-box:{listicle_id}", (KINDS, choice_counts.choices_version(Reaction, listicle_id))


def box(listicle, reader=None, *, kinds=None, mine=None, own_kind_id=UNKNOWN, counted=None):
    """The counts of `listicle` for the active kinds (or `kinds`), with the reader's own choice.

    The kinds and the counts are read together once per change (`kinds_and_counts`), or the
    counts alone for given `kinds` (unless the caller `counted` them); the reader's own is `mine`
    (a slug) or `own_kind_id` (None: no reaction) when the caller knows it, else one query for a
    known `reader`.
    """
    if kinds is None:
        kinds, counted = kinds_and_counts(listicle.pk)
    elif counted is None:
        counted = counts(listicle.pk)
    if own_kind_id is UNKNOWN and mine is None and reader is not None and reader.is_known:
        own = Reaction.objects.filter(listicle=listicle, **reader.lookup()).values_list("kind_id", flat=True)
        own_kind_id = own.first()
    if own_kind_id is not UNKNOWN:
        mine = next((kind.slug for kind in kinds if kind.pk == own_kind_id), "")
    mine = mine or ""
    total = sum(counted.get(kind.pk, 0) for kind in kinds)
    return ReactionBox(
        kinds=[
            KindCount(
                kind=kind,
                count=counted.get(kind.pk, 0),
                share=round(100 * counted.get(kind.pk, 0) / total) if total else 0,
                chosen=kind.slug == mine,
            )
            for kind in kinds
        ],
        total=total,
        mine=mine,
    )

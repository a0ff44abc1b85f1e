"""One choice per reader and article: choose it, move it, or undo it by choosing it again.

The reader's row is read and changed in one transaction that holds its lock (SELECT ... FOR
UPDATE on PostgreSQL; SQLite lets one writer at a time in), so two requests of the same reader —
a double click, two tabs — are applied one after the other. The unique constraints on the rows
(see `models.ReaderChoice`) refuse a second first row; the request that lost that race
starts again and finds the winner's row. Counts are aggregates over the rows, never a number kept
in Python, so they stay exact however many readers post at once. The counts kept per change
(`choice_counts.choice_counts`) are made again after every choice: a new or undone row sends a
signal (`apps.py`), and a moved one, an UPDATE that sends none, is told here.

A new reader's first choice answered with the counts (`first_counted`) is, on PostgreSQL, one
statement that adds the row and counts the rows with it: nothing to lock, no transaction to open.
"""

from contextlib import nullcontext

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone

from soompi.replicas import in_transaction
from soompi.responses import Refused

from . import choice_counts

CHOSEN, MOVED, UNDONE = "chosen", "moved", "undone"
ATTEMPTS = 10


def choose(model, listicle, reader, **choice):
    """Record `choice` (one field, e.g. `kind=love`) as `reader`'s on `listicle`; returns what happened.

    The same choice again removes it (UNDONE), another one replaces it (MOVED), and a first one
    adds a row (CHOSEN).
    """
    ((field, value),) = choice.items()
    if reader.is_new:  # an id made for this very request has no row to move or undo: one INSERT
        try:
            # Inside the post's transaction a savepoint keeps a lost race from aborting it; alone,
            # the INSERT is its own transaction.
            with transaction.atomic() if in_transaction() else nullcontext():
                model.objects.create(listicle=listicle, **reader.owner(), **choice)
            return CHOSEN
        except IntegrityError:
            pass  # taken after all: the locked path below decides
    mine = model.objects.filter(listicle=listicle, **reader.lookup())
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                row = mine.select_for_update().values_list("pk", f"{field}_id").first()
                if row is None:
                    model.objects.create(listicle=listicle, **reader.owner(), **choice)
                    return CHOSEN
                pk, current = row
                if current == value.pk:
                    model.objects.filter(pk=pk).delete()
                    return UNDONE
                model.objects.filter(pk=pk).update(**choice)
                choice_counts.choices_changed(model, listicle.pk)
                return MOVED
        except IntegrityError:
            continue  # another request of this reader added the first row: take it from there
    raise Refused("Too many changes at once: please try again in a moment.", status=409)


# A data-modifying WITH: the SELECT sees the rows (or the tally) as they were when the statement
# began, so the row it adds is counted from `added`; the last row (a NULL choice) says whether it
# was added.
FIRST_COUNTED = """
WITH added AS (
    INSERT INTO {table} ({listicle}, {field}, {reader}, {created}) VALUES (%s, %s, %s, %s)
    ON CONFLICT DO NOTHING RETURNING {field}
)
SELECT {field}, SUM(n) FROM (
    SELECT {field}, {n} AS n FROM {counted} WHERE {listicle} = %s UNION ALL SELECT {field}, 1 FROM added
) AS chosen GROUP BY {field}
UNION ALL SELECT NULL, COUNT(*) FROM added
"""


def first_counted(model, listicle, reader, *, tally=None, **choice):
    """A new anonymous `reader`'s first `choice` on `listicle`, and then the counts as `choose`
    and `choice_counts.choice_counts` would give them ({choice id: rows}), in one statement on PostgreSQL:
    read from `tally` (a table of `listicle_id`, the choice's column and `n`, whose sums the
    database keeps equal to the rows: see articles' migration 0012) or else counted from the rows.

    None when it did not add the row (another database, or the row was there after all): the caller
    goes through `choose`. The counts kept per change are made again (`choice_counts.choices_changed`), as
    the row's signal would have them.
    """
    ((field, value),) = choice.items()
    database = router.db_for_write(model)
    connection = connections[database]
    if not reader.is_new or reader.user is not None or connection.vendor != "postgresql":
        return None
    quote, meta = connection.ops.quote_name, model._meta
    sql = FIRST_COUNTED.format(
        table=quote(meta.db_table),
        **{name: quote(meta.get_field(name).column) for name in ("listicle", "reader", "created")},
        field=quote(meta.get_field(field).column),
        counted=quote(tally or meta.db_table),
        n="n" if tally else "1",
    )
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    try:
        savepoint = transaction.atomic(using=database) if in_transaction() else nullcontext()
        with savepoint, connection.cursor() as cursor:
            cursor.execute(sql, [listicle.pk, value.pk, reader.key, created, listicle.pk])
            rows = cursor.fetchall()
    except IntegrityError:
        return None  # its choice deleted meanwhile, say: `choose` answers it as it does
    counted = {chosen: n for chosen, n in rows if chosen is not None}
    if not any(n for chosen, n in rows if chosen is None):
        return None
    choice_counts.choices_changed(model, listicle.pk)
    return counted

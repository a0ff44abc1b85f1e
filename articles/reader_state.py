"""The reader's own part of a public page: one small private request per page view.

Public pages are the same bytes for everyone (`articles.public`); `static/js/reader.js` asks
`GET /article/<id>/<slug>/me/` (`articles:me`) on an article, `GET /accounts/me/` (`accounts:me`)
on any other page, and puts the answer in: the header's name and Sign out, the one-time messages,
what the article's reader parts say of this reader (`reader_parts`: their reaction and vote with
fresh counts), and on the comments what is theirs (their comments waiting for a moderator, which
only they see; edit and delete on their own), what they liked and flagged, and whether they may
post. The answer sets the `csrftoken` cookie that scripts send back as `X-CSRFToken` (Django's
documented way for AJAX), and is `private, no-store`: no shared cache keeps it, no browser reuses it.
"""

from functools import lru_cache

from django.db import connections, router

from accounts import signed_in
from accounts.signed_in import account

from . import reader_parts, sql_rows
from .models import Listicle
from .records import record


def article(request, listicle, readers):
    """`account` and the reader's own state on `listicle`'s page (`readers`: each part's reader,
    `reader_parts.readers`): what they chose, which comments are theirs, liked or flagged come
    from one query (`own_rows`); the counts are kept per change by the parts."""
    data = account(request)
    for part, found in own_rows(listicle, readers).items():
        data |= part.own_state(request, listicle, readers[part], found)
    return data


def kept_reads(request, pk):
    """What `article` may read of what is kept (`soompi.versioned`): the signed-in account, the
    record the view checks and what the parts keep per article (the reaction kinds and counts, the
    poll's entries and vote counts). The view reads them in one cache round trip
    (`versioned.gathered`), after the session's."""
    key, _, version = record(pk)
    reads = {key: version, **signed_in.kept_reads(request)}
    for part in reader_parts.parts():
        reads |= part.kept_reads(pk)
    return reads


def own_rows(listicle, readers):
    """{part: what each of its `OwnRows` found} of this reader on `listicle`: per `OwnRows` a set
    of ids, or {id: [its details]} for one with `details`. One query, a UNION of the parts' SELECTs
    (a reader nobody knows: none)."""
    selects = [(part, rows) for part in readers for rows in part.own_rows(listicle, readers[part])]
    by_part = {part: [] for part in readers}
    found = []
    for part, rows in selects:
        found.append({} if rows.details else set())
        by_part[part].append(found[-1])
    if not selects:
        return by_part
    # The SELECTs with details come first: the columns take their types from them (PostgreSQL types
    # a NULL column by the first part that is not NULL), the others fill them with NULLs.
    order = sorted(range(len(selects)), key=lambda tag: not selects[tag][1].details)
    width = max(len(rows.details) for _, rows in selects)
    shapes = tuple(
        (tag, rows.column, rows.table, rows.where, tuple(f.column for f in rows.details), rows.tail)
        for tag in order
        for rows in (selects[tag][1],)
    )
    params = [param for tag in order for param in selects[tag][1].params]
    connection = connections[router.db_for_read(Listicle)]
    with connection.cursor() as cursor:
        cursor.execute(_own_rows_sql(shapes, width), params)
        fetched = cursor.fetchall()
    details = {
        tag: sql_rows.converters(selects[tag][1].details, connection)
        for tag in order
        if selects[tag][1].details
    }
    for tag, pk, *more in fetched:
        if tag in details:
            (row,) = sql_rows.converted([more[: len(selects[tag][1].details)]], details[tag], connection)
            found[tag][pk] = tuple(row)
        else:
            found[tag].add(pk)
    return by_part


@lru_cache(maxsize=8)
def _own_rows_sql(shapes, width):
    """The UNION behind `own_rows`, written once per shape (the parts' (tag, column, table, where,
    details, tail)): compiling it from querysets cost several times what running it does, on the
    private request every page view makes."""
    parts = []
    for tag, column, table, where, details, tail in shapes:
        columns = ", ".join([f"{tag}", column, *details, *["NULL"] * (width - len(details))])
        select = f"SELECT {columns} FROM {table} WHERE {where}"  # noqa: S608
        parts.append(f"SELECT * FROM ({select} {tail}) t{tag}" if tail else select)  # noqa: S608
    # Table and column names come from the models and the tags are constants: only %s carries a value.
    return " UNION ALL ".join(parts)

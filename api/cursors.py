"""Cursor pagination: a list is read in pages of `limit` rows, each naming the next by a cursor.

A cursor is opaque to clients: the ordering values of the last row given (keyset pagination),
signed so that it cannot be made up or edited, and tied to its list. The next page starts strictly
after that row in a total order (every ordering ends with the primary key), so a walk over all pages
gives each row that existed when it started exactly once, however many rows are added meanwhile: a
row added before the cursor's place is simply not in the rest of the walk. A page costs one query
on the ordering's index, however deep it is, where an offset would count past every row before it.

Search results, ranked by relevance, are paged by position instead (`offset_page`): a ranking has no
keyset to resume from, and a cursor only says how many results were given.
"""

import operator
from functools import reduce

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from ninja.errors import HttpError

SALT = "api.cursor"
BAD_CURSOR = "cursor: not a cursor this list gave; start again without one."


def encode(kind, values):
    return signing.dumps([kind, values], salt=SALT, compress=True)


def decode(kind, cursor):
    """The values a cursor of list `kind` holds; 400 for anything else."""
    try:
        got, values = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise HttpError(400, BAD_CURSOR) from None
    if got != kind or not isinstance(values, list):
        raise HttpError(400, BAD_CURSOR)
    return values


def keyset_page(queryset, *, kind, order, cursor, limit):
    """(the rows of one page, the cursor of the next or None).

    `order` names the fields, "-" for descending, ending with a unique one: e.g.
    ("-publish_at", "-id").
    """
    fields = [(name.lstrip("-"), name.startswith("-")) for name in order]
    if cursor:
        values = decode(kind, cursor)
        if len(values) != len(fields):
            raise HttpError(400, BAD_CURSOR)
        queryset = queryset.filter(after(queryset.model, fields, values))
    rows = list(queryset.order_by(*order)[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode(kind, [stored(getattr(last, name)) for name, _ in fields])


def after(model, fields, values):
    """Rows strictly after `values` in the ordering `fields`: (a > x) or (a = x and b > y) or ..."""
    values = [to_python(model, name, value) for (name, _), value in zip(fields, values, strict=True)]
    conditions = []
    for depth, (name, descending) in enumerate(fields):
        equal = {fields[i][0]: values[i] for i in range(depth)}
        beyond = {f"{name}__{'lt' if descending else 'gt'}": values[depth]}
        conditions.append(Q(**equal, **beyond))
    return reduce(operator.or_, conditions)


def to_python(model, name, value):
    field = model._meta.get_field(name)
    try:
        return field.to_python(value)
    except ValidationError:  # a cursor signed for another ordering of this list
        raise HttpError(400, BAD_CURSOR) from None


def stored(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def offset_page(queryset, *, kind, cursor, limit):
    """(the rows of one page, the cursor of the next or None), paged by position (ranked lists)."""
    start = 0
    if cursor:
        values = decode(kind, cursor)
        if len(values) != 1 or not isinstance(values[0], int) or values[0] < 0:
            raise HttpError(400, BAD_CURSOR)
        start = values[0]
    rows = list(queryset[start : start + limit + 1])
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode(kind, [start + limit])

"""The parameters the API's operations share, with the bounds the schema states and ninja checks
(a value outside them answers 422 naming the parameter)."""

from typing import Annotated

from ninja import Path, Query

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Slugs as the site's own addresses take them (Django's `slug` path converter).
SLUG = r"^[-a-zA-Z0-9_]+$"
# What a cursor is made of (django.core.signing's URL-safe text); the signature decides the rest.
CURSOR = r"^[-a-zA-Z0-9_.:]+$"
SLUG_MAX = 220
CURSOR_MAX = 500
ID_MAX = 2**63 - 1  # the largest id a database column holds: past it, 422 rather than an overflow

Limit = Annotated[int, Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page, 1 to 100.")]
Cursor = Annotated[
    str | None,
    Query(
        None,
        max_length=CURSOR_MAX,
        pattern=CURSOR,
        description="The `next_cursor` of the previous page; leave out for the first page.",
    ),
]


def slug_filter(what):
    return Annotated[
        str | None,
        Query(
            None,
            pattern=SLUG,
            max_length=SLUG_MAX,
            description=f"Only articles {what}. An unknown slug gives an empty list.",
        ),
    ]


SlugPath = Annotated[str, Path(..., pattern=SLUG, max_length=SLUG_MAX)]
IdPath = Annotated[int, Path(..., ge=1, le=ID_MAX)]

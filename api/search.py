"""Search in the read API: what the search page finds, as data.

The articles come best match first, each with the entries that matched (numbered as the article
numbers them, with a link to the entry on its page and the credits that matched). The first page
also names the dramas and actors the query names, as the search page shows them above the articles.
"""

from typing import Annotated

from django.db.models import prefetch_related_objects
from ninja import Query, Router
from ninja.errors import HttpError

from articles.models import Listicle
from articles.search import CONTROL_CHARACTERS, MAX_QUERY_LENGTH, SearchForm
from articles.search import search as search_everything

from . import schemas
from .articles import REFUSALS, actor_ref, drama_ref, summary
from .cursors import offset_page
from .knowledge_base import actor_summary, drama_summary
from .parameters import Cursor, Limit

router = Router(tags=["articles"])


@router.get(
    "/search",
    response={200: schemas.SearchPage, **REFUSALS},
    summary="Search published articles, dramas and actors",
)
def search(
    request,
    q: Annotated[
        str,
        Query(
            ...,
            min_length=1,
            max_length=MAX_QUERY_LENGTH,
            pattern=f"^[^{CONTROL_CHARACTERS}]*$",
            description="Words to find, as on the search page; blank finds nothing.",
        ),
    ],
    limit: Limit = 20,
    cursor: Cursor = None,
):
    """Best match first (PostgreSQL full text on PostgreSQL), as the search page ranks them."""
    form = SearchForm({"q": q})
    if not form.is_valid():
        raise HttpError(400, "q: " + " ".join(form.errors["q"]))
    query = form.cleaned_data["q"]
    if not query:
        return {"items": [], "dramas": [], "actors": [], "next_cursor": None}
    results = search_everything(query, Listicle.objects.published().for_listing())
    rows, next_cursor = offset_page(results.listicles, kind="search", cursor=cursor, limit=limit)
    matches = results.entries_for(rows) if rows else {}
    dramas, actors = ([], []) if cursor else (results.dramas, results.actors)
    prefetch_related_objects(dramas, "tags")
    return {
        "items": [
            summary(request, listicle)
            | {"matched_entries": [matched(request, row) for row in matches.get(listicle.pk, [])]}
            for listicle in rows
        ],
        "dramas": [drama_summary(request, drama) for drama in dramas],
        "actors": [actor_summary(request, actor) for actor in actors],
        "next_cursor": next_cursor,
    }


def matched(request, row):
    entry = row.entry
    return {
        "id": entry.pk,
        "number": row.number,
        "heading": entry.display_heading,
        "url": request.build_absolute_uri(row.anchor),
        "drama": drama_ref(request, entry.drama),
        "credits": [
            {"character": role.character, "actor": actor_ref(request, role.actor)} for role in row.roles
        ],
    }

"""Reader search over listicles: PostgreSQL full text when available, a plain substring match otherwise.

Both look at the listicle's title, dek and intro and at its entries' headings, bodies and drama
titles. Callers pass the listicles readers may see (`Listicle.objects.published()`); search never
widens that set.
"""

from django import forms
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Concat

from .models import Entry

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
SEARCH_CONFIG = "english"


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search articles",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "Searches can be at most %(limit_value)d characters long; try fewer words.",
        },
        widget=forms.SearchInput(attrs={"placeholder": "Dramas, actors, scenes…", "autocomplete": "off"}),
    )


def search_listicles(listicles, query):
    """The listicles matching `query`, best match first."""
    if connections[listicles.db].vendor == "postgresql":
        return _full_text(listicles, query)
    return _substring(listicles, query)


def _entries_text(*fields):
    """The given fields of all the outer listicle's entries, joined into one text."""
    words = []
    for field in fields:
        words += [F(field), Value(" ")]
    text = (
        Entry.objects.filter(listicle=OuterRef("pk"))
        .order_by()
        .values("listicle")
        .annotate(text=StringAgg(Concat(*words, output_field=TextField()), delimiter=" "))
        .values("text")
    )
    return Subquery(text, output_field=TextField())


def _full_text(listicles, query):
    """One weighted document per listicle: its own text and all its entries' text, ranked together."""
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    document = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", _entries_text("heading", "drama__title"), weight="B", config=SEARCH_CONFIG)
        + SearchVector("intro", weight="C", config=SEARCH_CONFIG)
        + SearchVector(_entries_text("body"), weight="D", config=SEARCH_CONFIG)
    )
    return (
        listicles.annotate(document=document)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .order_by("-rank", "-publish_at", "-id")
    )


def _substring(listicles, query):
    """Every word must appear somewhere in the listicle or its entries; title matches come first."""
    for term in query.split()[:MAX_TERMS]:
        in_entries = Entry.objects.filter(
            Q(heading__icontains=term) | Q(body__icontains=term) | Q(drama__title__icontains=term)
        ).values("listicle_id")
        listicles = listicles.filter(
            Q(title__icontains=term)
            | Q(dek__icontains=term)
            | Q(intro__icontains=term)
            | Q(pk__in=in_entries)
        )
    title_match = Case(
        When(title__icontains=query, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return listicles.annotate(title_match=title_match).order_by("-title_match", "-publish_at", "-id")

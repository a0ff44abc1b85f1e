"""Reader search: the articles readers may see, and the dramas and actors they are about.

    results = search(query, Listicle.objects.published().for_listing())
    results.dramas, results.actors     # direct hits in the knowledge base, best first
    results.listicles                  # the matching listicles, best first (a queryset to page)
    results.entries_for(page)          # {listicle id: [MatchedEntry, ...]}: what matched, per card

An article is found by its own text (title, dek, intro), its entries' (headings, quotes, bodies),
the dramas its entries are about (English and original titles), the characters they credit or
quote and their actors (romanised and Hangul names), and its tags, so an article crediting an
actor only among "Featuring" is found by the actor's name.

On PostgreSQL (`articles.full_text`) this is weighted full-text search, with trigram similarity
(`pg_trgm`) on the knowledge base's names for typos and for Hangul, which word stemming does not
split; on other databases (`articles.substring_search`) every word must appear, as a substring,
in one of the same fields. Callers pass the listicles readers may see
(`Listicle.objects.published()`); search never widens that set.
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.db import connections
from django.db.models import Case, IntegerField, Prefetch, Value, When

from dramas.models import Role

from .models import Entry

MAX_QUERY_LENGTH = 100
# Control characters (tabs and newlines aside, which the form turns into spaces) are refused: the
# API states the same rule as its parameter's pattern.
CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
MAX_TERMS = 8  # words beyond these are ignored: each one costs a condition
DIRECT_HITS = 4  # dramas and actors shown above the articles, each
ENTRIES_PER_CARD = 3


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

    def clean_q(self):
        query = self.cleaned_data["q"]
        if re.search(f"[{CONTROL_CHARACTERS}]", query):
            raise forms.ValidationError(
                "Searches can only contain letters, digits, spaces and punctuation.", code="control_character"
            )
        return " ".join(query.split())


@dataclass
class MatchedEntry:
    """An entry that matched, as a result names it: "#4 Goblin — Kim Shin (Gong Yoo)"."""

    entry: Entry
    roles: list = field(default_factory=list)  # the credits that matched, else the entry's couple

    @property
    def number(self):
        return self.entry.number

    @property
    def anchor(self):
        return f"{self.entry.listicle.get_absolute_url()}#entry-{self.entry.number}"


def search(query, listicles):
    """Everything `query` finds among `listicles` and the knowledge base (see the module's docstring)."""
    if connections[listicles.db].vendor == "postgresql":
        from .full_text import FullTextSearch as Search
    else:
        from .substring_search import SubstringSearch as Search
    return Search(query, listicles)


def search_listicles(listicles, query):
    """The listicles matching `query`, best match first."""
    return search(query, listicles).listicles


def terms(query):
    return query.split()[:MAX_TERMS]


def entries_matching(page, entries, whole, some, role_hits):
    """The entries of `page`'s listicles among `entries` that match `whole` (the whole query) or
    `some` (some of its words), as `matched_entries` groups them: both searches read them so."""
    entries = (
        entries.filter(listicle__in=[listicle.pk for listicle in page])
        .filter(whole | some)
        .annotate(strength=Case(When(whole, then=Value(2)), default=Value(1), output_field=IntegerField()))
        .with_numbers()
        .select_related("listicle", "drama", "quote_role__actor")
        .prefetch_related(Prefetch("featuring", Role.objects.select_related("actor")))
        .order_by("-strength", "place")
    )
    return matched_entries(entries, role_hits)


def matched_entries(entries, role_hits):
    """`entries` (numbered, annotated with `strength`: 2 matched the whole query, 1 some of its
    words; strongest first) as MatchedEntry rows grouped by listicle: a few per listicle, of the
    strongest kind it has, in reading order. `role_hits` are the ids of the credits that matched."""
    found, strongest = {}, {}
    for entry in entries:
        rows = found.setdefault(entry.listicle_id, [])
        strongest.setdefault(entry.listicle_id, entry.strength)
        if entry.strength < strongest[entry.listicle_id] or len(rows) >= ENTRIES_PER_CARD:
            continue
        if any(row.entry.pk == entry.pk for row in rows):
            continue
        credits = ([entry.quote_role] if entry.quote_role else []) + list(entry.featuring.all())
        matched = [role for role in credits if role.pk in role_hits]
        roles = list(dict.fromkeys(matched or list(entry.featuring.all())))
        rows.append(MatchedEntry(entry, roles))
    for rows in found.values():
        rows.sort(key=lambda row: row.entry.place)
    return found

"""Search on databases without full text (SQLite): every word of the query must appear, as a
case-insensitive substring, in one of the fields full text searches on PostgreSQL
(`articles.full_text`). Hangul matches as any other text; there is no stemming, no ranking
beyond "title matches first", and no typo tolerance.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from taggit.models import TaggedItem

from dramas.models import Actor, Drama, Role

from .models import Entry
from .search import DIRECT_HITS, entries_matching, terms

ROLE_HITS = 200

# Where a word may appear: the listicle's own fields, and its entries' (with what they show).
LISTICLE_FIELDS = ("title", "dek", "intro")
ENTRY_FIELDS = (
    "heading",
    "quote",
    "body",
    "drama__title",
    "drama__native_title",
    "quote_role__character",
    "quote_role__actor__name",
    "quote_role__actor__native_name",
    "featuring__character",
    "featuring__actor__name",
    "featuring__actor__native_name",
)


def contains(term, fields):
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": term})
    return found


def entries_with(term):
    """Entries that show `term` anywhere (ids: the credits' join repeats an entry)."""
    return Entry.objects.filter(contains(term, ENTRY_FIELDS)).values("pk")


class SubstringSearch:
    def __init__(self, query, listicles):
        self.query = query
        self.words = terms(query)
        self.dramas = list(
            Drama.objects.filter(contains(query, ("title", "native_title"))).order_by("title")[:DIRECT_HITS]
        )
        self.actors = list(
            Actor.objects.filter(contains(query, ("name", "native_name"))).order_by("name")[:DIRECT_HITS]
        )
        roles = Role.objects.filter(contains(query, ("character", "actor__name", "actor__native_name")))
        self.role_hits = set(roles.values_list("pk", flat=True)[:ROLE_HITS])
        self.listicles = self.find_listicles(listicles)

    def find_listicles(self, listicles):
        """Every word somewhere in the listicle, its tags or its entries; title matches first."""
        for term in self.words:
            in_entries = Entry.objects.filter(pk__in=entries_with(term)).values("listicle_id")
            tagged = TaggedItem.objects.filter(
                tag__name__icontains=term, content_type__app_label="articles", content_type__model="listicle"
            ).values("object_id")
            listicles = listicles.filter(
                contains(term, LISTICLE_FIELDS) | Q(pk__in=in_entries) | Q(pk__in=tagged)
            )
        title_match = Case(
            When(title__icontains=self.query, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        return listicles.annotate(title_match=title_match).order_by("-title_match", "-publish_at", "-id")

    def entries_for(self, page):
        """The entries of the page's listicles that show every word, else some of them."""
        every = Q()
        some = Q(pk__in=[])
        for term in self.words:
            every &= Q(pk__in=entries_with(term))
            some |= Q(pk__in=entries_with(term))
        return entries_matching(page, Entry.objects.all(), every, some, self.role_hits)

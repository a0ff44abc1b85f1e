"""Search on PostgreSQL: weighted full text over each article and what it shows, and trigram
similarity (`pg_trgm`) over the knowledge base's names.

Each article is matched against one weighted document built when the query runs, so that every
word may be found in a different place ("healer rooftop": a drama title and an entry's heading)
and an edit of a drama or an actor is searchable at once:

    A  the title
    B  the dek, entry headings, the dramas' titles (English and original), the credited actors'
       names (romanised and Hangul)
    C  the intro, pull quotes, the credited characters' names, the tags
    D  entry bodies

Building that document costs a few correlated subqueries per article, so it is built only for
candidates that the GIN indexes find first: articles or entries whose own text has one of the
words, entries about a drama or crediting a role whose names have one of them, tagged articles.
Those per-table documents are expression indexes (migrations articles 0017 and dramas 0004),
written as the `*_document` functions below write them; `tests/articles/test_full_text.py`
checks with EXPLAIN that the query uses them.

The knowledge base's names are also compared as strings: a drama, an actor or a character whose
name contains the query (Hangul substrings: "도봉순"), holds it as a word ("Gong Yo" in "Gong
Yoo") or is similar to it ("Helaer" for "Healer") is a direct hit, and the articles about it are
found even where full text does not match.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Greatest, Least
from taggit.models import Tag, TaggedItem

from dramas.models import Actor, Drama, Role

from .models import Entry, Listicle
from .search import DIRECT_HITS, entries_matching, terms

CONFIG = "english"  # also for names and Hangul, which its parser keeps as words, unstemmed
SIMILARITY_THRESHOLD = 0.25  # pg_trgm's default 0.3 misses a swapped pair of letters ("Helaer")
ROLE_HITS = 200  # credits of the actors found; more only make the query longer
KNOWLEDGE_HITS = 20
CLOSE_ENOUGH = 0.75  # of the closest name's score: "Gong Yoo" is not a hit for Kim Yoo Jung
COVERAGE = 0.25  # "Helaer" is 0.29 of "Healer" as a word, "umbrellas" nothing of "Goblin"
ROUTED_RANK = 0.3  # a direct hit's articles rank as a heading match would


def vector(*expressions, weight=None):
    return SearchVector(*expressions, weight=weight, config=CONFIG)


# The documents the GIN indexes hold: the migrations write them in SQL exactly as these compile.


def listicle_document():
    return vector("title", weight="A") + vector("dek", weight="B") + vector("intro", weight="C")


def entry_document():
    return vector("heading", weight="B") + vector("quote", weight="C") + vector("body", weight="D")


def drama_document():
    return vector("title") + vector("native_title")


def actor_document():
    return vector("name") + vector("native_name")


def role_document():
    return vector("character")


def joined(rows, group, *fields):
    """The text of `fields` over `rows` (filtered on OuterRef), grouped by `group`, as one subquery."""
    parts = []
    for name in fields:
        parts += [F(name), Value(" ")]
    text = Concat(*parts, output_field=TextField()) if len(parts) > 2 else F(fields[0])
    aggregate = rows.order_by().values(group).annotate(text=StringAgg(text, delimiter=" ")).values("text")
    return Subquery(aggregate, output_field=TextField())


def article_document():
    """The weighted document of the outer listicle and everything it shows (the module's table)."""
    entries = Entry.objects.filter(listicle=OuterRef("pk"))
    featured = Entry.featuring.through.objects.filter(entry__listicle=OuterRef("pk"))
    tags = TaggedItem.objects.filter(
        object_id=OuterRef("pk"), content_type__app_label="articles", content_type__model="listicle"
    )
    return (
        vector("title", weight="A")
        + vector(
            "dek",
            joined(entries, "listicle", "heading", "drama__title", "drama__native_title"),
            joined(entries, "listicle", "quote_role__actor__name", "quote_role__actor__native_name"),
            joined(featured, "entry__listicle", "role__actor__name", "role__actor__native_name"),
            weight="B",
        )
        + vector(
            "intro",
            joined(entries, "listicle", "quote", "quote_role__character"),
            joined(featured, "entry__listicle", "role__character"),
            joined(tags, "object_id", "tag__name"),
            weight="C",
        )
        + vector(joined(entries, "listicle", "body"), weight="D")
    )


def entry_match_document():
    """The outer entry's document with its drama and credits, to tell which entries matched."""
    featured = Entry.featuring.through.objects.filter(entry=OuterRef("pk"))
    return vector(
        "heading",
        "quote",
        "body",
        "drama__title",
        "drama__native_title",
        "quote_role__character",
        "quote_role__actor__name",
        "quote_role__actor__native_name",
        joined(featured, "entry", "role__character", "role__actor__name", "role__actor__native_name"),
    )


def name_score(query, *columns):
    """How close the best of `columns` is to `query`: similarity, or the query found as a word."""
    scores = []
    for column in columns:
        scores += [TrigramSimilarity(column, query), TrigramWordSimilarity(query, column)]
    return Greatest(*scores, output_field=FloatField())


def names_match(query, document, *columns):
    """A knowledge-base row whose names match `query`: as full text, or as strings (pg_trgm's
    `%` and `%>` operators, and LIKE for scripts other than Latin: its GIN indexes answer all three)."""
    found = Q(document=SearchQuery(query, search_type="websearch", config=CONFIG))
    for column in columns:
        found |= Q(**{f"{column}__trigram_similar": query})
        found |= Q(**{f"{column}__trigram_word_similar": query})
        if not query.isascii():  # Hangul is not split into words: "도봉순" in "힘쎈여자 도봉순"
            found |= Q(**{f"{column}__contains": query})
    return found


def coverage(query, *columns):
    """The similarity of the query's least well found word to its best match in `columns`."""
    words = [word.strip("-\"'") for word in terms(query)] or [query]
    per_word = [
        Greatest(*[TrigramWordSimilarity(word, column) for column in columns], output_field=FloatField())
        if len(columns) > 1
        else TrigramWordSimilarity(word, columns[0])
        for word in words
    ]
    return Least(*per_word, output_field=FloatField()) if len(per_word) > 1 else per_word[0]


def is_routed(hit):
    """Whether a hit's articles are results without full text's check (FullTextSearch.find_knowledge)."""
    return not hit.exact and hit.covers >= COVERAGE


def any_word(query):
    """A query for any one of the query's words (None when it has none)."""
    words = [SearchQuery(word, search_type="plain", config=CONFIG) for word in terms(query)]
    if not words:
        return None
    combined = words[0]
    for word in words[1:]:
        combined |= word
    return combined


class FullTextSearch:
    def __init__(self, query, listicles):
        self.query = query
        self.whole = SearchQuery(query, search_type="websearch", config=CONFIG)
        self.any = any_word(query)
        self.find_knowledge(listicles.db)
        self.listicles = self.find_listicles(listicles)

    def find_knowledge(self, using):
        """Direct hits: the dramas, actors and characters whose names match the whole query as full
        text, or come within CLOSE_ENOUGH of the closest name's similarity.

        The articles about a hit that matched as full text are found by full text too (the names
        are in their documents). Those about a hit found only by similarity are `routed` to the
        results without that check, if the hit's name accounts for every word of the query
        ("Helaer", "Gong Yo", but not "goblin umbrellas" nor "Gong Yo -coffee")."""
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            # For this transaction only: how similar a name must be for pg_trgm's `%` operator.
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(SIMILARITY_THRESHOLD)]
            )
            # Read where the threshold was set: inside a transaction the router sends reads to the
            # primary, and a replica is another connection.
            dramas = self.names(using, Drama, drama_document(), "title", "native_title")
            actors = self.names(using, Actor, actor_document(), "name", "native_name")
            characters = self.names(using, Role, role_document(), "character")
        top = max((row.score for row in dramas + actors + characters), default=0)
        dramas, actors, characters = (
            [row for row in rows if row.exact or row.score >= top * CLOSE_ENOUGH]
            for rows in (dramas, actors, characters)
        )
        credited = Q(pk__in=[role.pk for role in characters]) | Q(actor__in=[actor.pk for actor in actors])
        roles = Role.objects.filter(credited).values_list("pk", "actor_id")[:ROLE_HITS]
        routed_actors = {actor.pk for actor in actors if is_routed(actor)}
        routed_characters = {role.pk for role in characters if is_routed(role)}
        self.role_hits, self.routed_roles = set(), set()
        for pk, actor_id in roles:
            self.role_hits.add(pk)
            if actor_id in routed_actors or pk in routed_characters:
                self.routed_roles.add(pk)
        self.drama_hits = {drama.pk for drama in dramas}
        self.routed_dramas = {drama.pk for drama in dramas if is_routed(drama)}
        self.dramas = dramas[:DIRECT_HITS]
        self.actors = actors[:DIRECT_HITS]

    def names(self, using, model, document, *columns):
        """The rows of `model` whose `columns` match the query, closest first, with their `score`,
        whether they match as full text (`exact`) and how well they account for the query's least
        well found word (`covers`)."""
        rows = (
            model.objects.using(using)
            .alias(document=document)
            .filter(names_match(self.query, "document", *columns))
            .annotate(
                score=name_score(self.query, *columns),
                exact=ExpressionWrapper(Q(document=self.whole), output_field=BooleanField()),
                covers=coverage(self.query, *columns),
            )
            .order_by("-exact", "-score", "pk")
        )
        return list(rows[:KNOWLEDGE_HITS])

    def about(self, dramas, roles):
        """Entries about one of `dramas` or crediting one of `roles`."""
        credited = Entry.featuring.through.objects.filter(role__in=roles).values("entry")
        return Q(drama__in=dramas) | Q(quote_role__in=roles) | Q(pk__in=credited)

    def routed(self):
        return self.about(self.routed_dramas, self.routed_roles)

    def candidates(self):
        """Listicles with one of the words somewhere the GIN indexes see, or about a direct hit."""
        routed = Entry.objects.filter(self.routed()).values("listicle")
        if self.any is None:
            return Q(pk__in=routed)
        own = Listicle.objects.alias(document=listicle_document()).filter(document=self.any)
        dramas = Drama.objects.alias(document=drama_document()).filter(document=self.any)
        roles = Role.objects.alias(document=role_document()).filter(document=self.any)
        actors = Actor.objects.alias(document=actor_document()).filter(document=self.any)
        credited = Role.objects.filter(Q(pk__in=roles.values("pk")) | Q(actor__in=actors.values("pk")))
        featured = Entry.featuring.through.objects.filter(role__in=credited.values("pk")).values("entry")
        tags = Tag.objects.alias(document=vector("name")).filter(document=self.any)
        tagged = TaggedItem.objects.filter(
            tag__in=tags, content_type__app_label="articles", content_type__model="listicle"
        ).values("object_id")
        return (
            Q(pk__in=own.values("pk"))
            | Q(
                pk__in=Entry.objects.alias(document=entry_document())
                .filter(document=self.any)
                .values("listicle")
            )
            | Q(pk__in=Entry.objects.filter(drama__in=dramas.values("pk")).values("listicle"))
            | Q(pk__in=Entry.objects.filter(quote_role__in=credited.values("pk")).values("listicle"))
            | Q(pk__in=Entry.objects.filter(pk__in=featured).values("listicle"))
            | Q(pk__in=tagged)
            | Q(pk__in=routed)
        )

    def find_listicles(self, listicles):
        routed = Q(pk__in=Entry.objects.filter(self.routed()).values("listicle"))
        bonus = Case(When(routed, then=Value(ROUTED_RANK)), default=Value(0.0), output_field=FloatField())
        return (
            listicles.filter(self.candidates())
            .annotate(document=article_document())
            .filter(Q(document=self.whole) | routed)
            .annotate(rank=SearchRank(F("document"), self.whole) + bonus)
            .order_by("-rank", "-publish_at", "-id")
        )

    def entries_for(self, page):
        """The entries of the page's listicles that matched: the whole query (or a direct hit), else
        some of its words."""
        whole = Q(document=self.whole) | self.about(self.drama_hits, self.role_hits)
        some = Q(document=self.any) if self.any is not None else Q(pk__in=[])
        entries = Entry.objects.alias(document=entry_match_document())
        return entries_matching(page, entries, whole, some, self.role_hits)

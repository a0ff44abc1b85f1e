"""Related reading: other published listicles that share dramas, actors or tags with a page.

The overlap is counted in SQL, one correlated subquery per kind, so a page gets its cards in
one query (plus the cards' tags) however many articles exist: the shared dramas, the shared
actors (credited or quoted) and the shared tags are added up, and the biggest overlap comes
first, then the newest article.
"""

from django.db.models import (
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from dramas.models import Role

from .models import Entry, Listicle

LIMIT = 4
LISTICLE_TYPE = {"content_type__app_label": "articles", "content_type__model": "listicle"}


class CountDistinct(Func):
    """COUNT(DISTINCT expr) over a whole subquery, without a GROUP BY on the outer query."""

    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = IntegerField()


def shared(queryset, column):
    return Coalesce(Subquery(queryset.order_by().annotate(n=CountDistinct(column)).values("n")[:1]), Value(0))


def related_listicles(*, dramas=(), actors=(), tags=(), exclude=(), limit=LIMIT, tagged=True):
    """Up to `limit` published listicles sharing any of the given drama, actor and tag ids (`tags`
    may be a subquery of tag ids), other than the listicle ids in `exclude` (the page's own, or
    those it lists already); with their tags unless not `tagged`."""
    dramas, actors = set(dramas), set(actors)
    tags = tags if isinstance(tags, QuerySet) else set(tags)
    if not (dramas or actors or isinstance(tags, QuerySet) or tags):
        return []
    here = OuterRef("pk")
    listicle_type = LISTICLE_TYPE
    by_drama = Entry.objects.filter(listicle=here, drama__in=dramas)
    by_actor = Role.objects.filter(
        Q(featured_in__listicle=here) | Q(quoted_in__listicle=here), actor__in=actors
    )
    by_tag = TaggedItem.objects.filter(**listicle_type, object_id=here, tag__in=tags)
    candidates = (
        Q(pk__in=Entry.objects.filter(drama__in=dramas).values("listicle"))
        | Q(pk__in=Entry.objects.filter(featuring__actor__in=actors).values("listicle"))
        | Q(pk__in=Entry.objects.filter(quote_role__actor__in=actors).values("listicle"))
        | Q(pk__in=TaggedItem.objects.filter(**listicle_type, tag__in=tags).values("object_id"))
    )
    listicles = Listicle.objects.published().filter(candidates)
    if exclude:
        listicles = listicles.exclude(pk__in=set(exclude))
    listicles = listicles.annotate(
        shared_dramas=shared(by_drama, "drama"),
        shared_actors=shared(by_actor, "actor"),
        shared_tags=shared(by_tag, "tag"),
    ).annotate(overlap=F("shared_dramas") + F("shared_actors") + F("shared_tags"))
    listicles = listicles.for_listing() if tagged else listicles.select_related("author")
    return list(listicles.order_by("-overlap", "-publish_at", "-id")[:limit])


def related_to_listicle(listicle, entries):
    """Related reading for an article, from its already fetched `entries`.

    When the listicle's tags are not prefetched, its tags are matched in SQL and read afterwards
    with the cards' tags, in one query for both."""
    roles = [role for entry in entries for role in entry.featuring.all()]
    roles += [entry.quote_role for entry in entries if entry.quote_role_id]
    tags_known = "tags" in getattr(listicle, "_prefetched_objects_cache", {})
    if tags_known:
        tags = {tag.pk for tag in listicle.tags.all()}
    else:
        tags = TaggedItem.objects.filter(**LISTICLE_TYPE, object_id=listicle.pk).values("tag_id")
    related = related_listicles(
        dramas={entry.drama_id for entry in entries},
        actors={role.actor_id for role in roles},
        tags=tags,
        exclude={listicle.pk},
        tagged=tags_known,
    )
    if not tags_known:
        prefetch_related_objects([listicle, *related], "tags")
    return related


def related_to_drama(drama, listed=()):
    """Articles about `drama` or its cast (roles prefetched), but those in `listed`."""
    return related_listicles(
        dramas={drama.pk}, actors={role.actor_id for role in drama.roles.all()}, exclude=listed
    )


def related_to_actor(actor, listed=()):
    """Articles about `actor` or the dramas they play in (roles prefetched), but those in `listed`."""
    return related_listicles(
        dramas={role.drama_id for role in actor.roles.all()}, actors={actor.pk}, exclude=listed
    )

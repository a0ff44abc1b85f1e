"""The knowledge base in the read API: dramas and actors (lists and pages with their roles) and the
tags of published articles.

Dramas and actors are public as their pages are (`dramas:drama`, `dramas:actor` show every one);
a tag is listed only while a published article carries it, as its page answers 404 otherwise.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404
from ninja import Router
from taggit.models import Tag, TaggedItem

from articles.models import Listicle
from dramas.models import Actor, Drama, Role

from . import schemas
from .articles import REFUSALS, actor_ref, drama_ref, watch_link
from .cursors import keyset_page
from .images import image
from .parameters import Cursor, Limit, SlugPath

router = Router()


@router.get(
    "/dramas",
    response={200: schemas.DramaPage, **REFUSALS},
    summary="Dramas, by title",
    tags=["dramas"],
)
def list_dramas(request, limit: Limit = 20, cursor: Cursor = None):
    dramas = Drama.objects.prefetch_related("tags")
    rows, next_cursor = keyset_page(dramas, kind="dramas", order=("title", "id"), cursor=cursor, limit=limit)
    return {"items": [drama_summary(request, drama) for drama in rows], "next_cursor": next_cursor}


@router.get(
    "/dramas/{slug}",
    response={200: schemas.Drama, 404: schemas.Error, **REFUSALS},
    summary="One drama with its cast and where to watch it",
    tags=["dramas"],
)
def drama(request, slug: SlugPath):
    drama = (
        Drama.objects.prefetch_related(
            "tags", Prefetch("roles", Role.objects.select_related("actor")), "watch_links"
        )
        .filter(slug=slug)
        .first()
    )
    if drama is None:
        raise Http404("There is no drama with this slug.")
    return drama_summary(request, drama) | {
        "synopsis": drama.synopsis,
        "roles": [
            {"character": role.character, "billing": role.billing, "actor": actor_ref(request, role.actor)}
            for role in drama.roles.all()
        ],
        "watch": [watch_link(link) for link in drama.watch_links.all()],
    }


@router.get(
    "/actors",
    response={200: schemas.ActorPage, **REFUSALS},
    summary="Actors, by name",
    tags=["actors"],
)
def list_actors(request, limit: Limit = 20, cursor: Cursor = None):
    rows, next_cursor = keyset_page(
        Actor.objects.all(), kind="actors", order=("name", "id"), cursor=cursor, limit=limit
    )
    return {"items": [actor_summary(request, actor) for actor in rows], "next_cursor": next_cursor}


@router.get(
    "/actors/{slug}",
    response={200: schemas.Actor, 404: schemas.Error, **REFUSALS},
    summary="One actor with their roles",
    tags=["actors"],
)
def actor(request, slug: SlugPath):
    """Roles newest drama first, as the actor's page lists them."""
    roles = Role.objects.select_related("drama").order_by("-drama__year", "drama__title", "position", "id")
    actor = Actor.objects.prefetch_related(Prefetch("roles", roles)).filter(slug=slug).first()
    if actor is None:
        raise Http404("There is no actor with this slug.")
    return actor_summary(request, actor) | {
        "bio": actor.bio,
        "instagram": actor.instagram,
        "roles": [
            {"character": role.character, "billing": role.billing, "drama": drama_ref(request, role.drama)}
            for role in actor.roles.all()
        ],
    }


@router.get(
    "/tags",
    response={200: schemas.TagPage, **REFUSALS},
    summary="Tags of published articles, by slug",
    tags=["tags"],
)
def list_tags(request, limit: Limit = 20, cursor: Cursor = None):
    """Each with how many published articles carry it; a tag on none is not listed."""
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Listicle),
        object_id__in=Listicle.objects.published().values("pk"),
    )
    counts = tagged.filter(tag=OuterRef("pk")).order_by().values("tag").annotate(n=Count("pk")).values("n")
    tags = Tag.objects.filter(pk__in=tagged.values("tag_id")).annotate(articles=Subquery(counts))
    rows, next_cursor = keyset_page(tags, kind="tags", order=("slug", "id"), cursor=cursor, limit=limit)
    items = [{"slug": tag.slug, "name": tag.name, "articles": tag.articles} for tag in rows]
    return {"items": items, "next_cursor": next_cursor}


def drama_summary(request, drama):
    return {
        "slug": drama.slug,
        "title": drama.title,
        "native_title": drama.native_title,
        "year": drama.year,
        "network": drama.network,
        "episodes": drama.episodes,
        "url": request.build_absolute_uri(drama.get_absolute_url()),
        "genres": [
            {"slug": tag.slug, "name": tag.name} for tag in sorted(drama.tags.all(), key=lambda t: t.slug)
        ],
        "poster": image(request, drama.poster, drama.poster_alt),
    }


def actor_summary(request, actor):
    return {
        "slug": actor.slug,
        "name": actor.name,
        "native_name": actor.native_name,
        "url": request.build_absolute_uri(actor.get_absolute_url()),
        "photo": image(request, actor.photo, actor.photo_alt),
    }

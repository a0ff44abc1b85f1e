"""Articles in the read API: the list (filtered, cursor-paged), one article with everything its page
shows, and its reaction counts (search is `api.search`).

Every operation starts from `Listicle.objects.published()`, the rule the public pages use: a
draft, an article in review, a scheduled one before its time and an archived one are in no list
and answer 404 by id or slug, exactly as their pages do.
"""

from django.db.models import Q
from django.http import Http404
from ninja import Router
from ninja.errors import HttpError

from articles.markdown import render_markdown
from articles.models import Entry, Listicle
from articles.records import published_listicle
from reactions import reactions
from soompi.responses import Refused

from . import schemas
from .cursors import keyset_page
from .images import image
from .parameters import Cursor, IdPath, Limit, SlugPath, slug_filter

router = Router(tags=["articles"])

NOT_PUBLISHED = "There is no published article with this {}."
LIST_ORDER = ("-publish_at", "-id")  # newest first, as the home page lists them
REFUSALS = {400: schemas.Error, 422: schemas.InvalidInput, 429: schemas.Error}


@router.get(
    "/articles",
    response={200: schemas.ArticlePage, **REFUSALS},
    summary="Published articles, newest first",
)
def list_articles(
    request,
    limit: Limit = 20,
    cursor: Cursor = None,
    tag: slug_filter("with this tag") = None,
    drama: slug_filter("with an entry about this drama") = None,
    actor: slug_filter("with an entry crediting or quoting one of this actor's characters") = None,
    author: slug_filter("by this author") = None,
):
    """Ordered by publication time, then id, both descending. Filters combine (all must hold)."""
    listicles = Listicle.objects.published().for_listing()
    if tag:
        listicles = listicles.filter(tags__slug=tag)
    if author:
        listicles = listicles.filter(author__slug=author)
    if drama:
        listicles = listicles.filter(pk__in=Entry.objects.filter(drama__slug=drama).values("listicle_id"))
    if actor:
        credited = Q(featuring__actor__slug=actor) | Q(quote_role__actor__slug=actor)
        listicles = listicles.filter(pk__in=Entry.objects.filter(credited).values("listicle_id"))
    rows, next_cursor = keyset_page(listicles, kind="articles", order=LIST_ORDER, cursor=cursor, limit=limit)
    return {"items": [summary(request, listicle) for listicle in rows], "next_cursor": next_cursor}


@router.get(
    "/articles/{article_id}",
    response={200: schemas.Article, 404: schemas.Error, **REFUSALS},
    summary="One published article by id",
)
def article_by_id(request, article_id: IdPath):
    return detail(request, published(pk=article_id, what="id"))


@router.get(
    "/articles/by-slug/{slug}",
    response={200: schemas.Article, 404: schemas.Error, **REFUSALS},
    summary="One published article by slug",
)
def article_by_slug(request, slug: SlugPath):
    """The article's current slug; an earlier one answers 404 (its page redirects, by id)."""
    return detail(request, published(slug=slug, what="slug"))


@router.get(
    "/articles/{article_id}/reactions",
    response={200: schemas.Reactions, 404: schemas.Error, **REFUSALS},
    summary="Reaction counts of a published article",
)
def article_reactions(request, article_id: IdPath):
    """The counts every reader sees in the article's reaction box; 404 when reactions are off."""
    try:
        listicle = published_listicle(article_id)
        reactions.check_open(listicle)
    except Refused as refusal:
        raise HttpError(refusal.status, refusal.message) from None
    box = reactions.box(listicle)
    kinds = [
        {
            "slug": row.kind.slug,
            "label": row.kind.label,
            "emoji": row.kind.emoji,
            "count": row.count,
            "share": row.share,
        }
        for row in box.kinds
    ]
    return {"article_id": listicle.pk, "total": box.total, "kinds": kinds}


def published(*, what, **lookup):
    listicle = Listicle.objects.published().for_page().filter(**lookup).first()
    if listicle is None:
        raise Http404(NOT_PUBLISHED.format(what))
    return listicle


# What the API says of an article.


def summary(request, listicle):
    absolute = request.build_absolute_uri
    author = listicle.author
    return {
        "id": listicle.pk,
        "slug": listicle.slug,
        "title": listicle.title,
        "dek": listicle.dek,
        "url": absolute(listicle.get_absolute_url()),
        "published_at": listicle.publish_at,
        "updated_at": listicle.updated,
        "numbering": listicle.numbering,
        "author": {"slug": author.slug, "name": author.name} if author else None,
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in listicle.sorted_tags],
        "hero": image(request, listicle.hero_image, listicle.hero_alt),
    }


def detail(request, listicle):
    author = listicle.author
    return summary(request, listicle) | {
        "first_published_at": listicle.first_published_at,
        "intro_html": render_markdown(listicle.intro),
        "outro_html": render_markdown(listicle.outro),
        "author_details": {
            "slug": author.slug,
            "name": author.name,
            "bio": author.bio,
            "instagram": author.instagram,
            "avatar": image(request, author.avatar, author.name),
        }
        if author
        else None,
        "poll_question": listicle.poll_question,
        "allow_comments": listicle.allow_comments,
        "allow_reactions": listicle.allow_reactions,
        "entries": [
            entry_of(request, place, number, entry)
            for place, (number, entry) in enumerate(listicle.numbered(), start=1)
        ],
    }


def entry_of(request, place, number, entry):
    drama = entry.drama
    return {
        "id": entry.pk,
        "position": place,
        "number": number,
        "heading": entry.display_heading,
        "drama": drama_ref(request, drama),
        "quote": entry.quote,
        "quote_by": credit(request, entry.quote_role) if entry.quote_role else None,
        "featuring": [credit(request, role) for role in entry.featuring.all()],
        "body_html": render_markdown(entry.body),
        "items": [item(request, place, link) for place, link in enumerate(entry.scene_links.all(), start=1)],
        "watch": [watch_link(link) for link in drama.watch_links.all()],
    }


def item(request, place, link):
    scene = link.scene
    clip = None
    if scene is not None:
        video = scene.video
        clip = {
            "title": scene.title,
            "episode": scene.episode,
            "video_url": scene.video_url,
            "provider": video.provider if video else None,
            "embed_url": video.embed_url if video else None,
            "still": image(request, scene.still, scene.still_alt),
        }
    return {
        "position": place,
        "lead_in_html": render_markdown(link.lead_in),
        "clip": clip,
        "image": image(request, link.image, link.image_alt),
        "credit": link.credit,
        "caption_html": render_markdown(link.caption),
    }


def credit(request, role):
    return {"character": role.character, "actor": actor_ref(request, role.actor)}


def actor_ref(request, actor):
    return {
        "slug": actor.slug,
        "name": actor.name,
        "url": request.build_absolute_uri(actor.get_absolute_url()),
    }


def drama_ref(request, drama):
    return {
        "slug": drama.slug,
        "title": drama.title,
        "year": drama.year,
        "url": request.build_absolute_uri(drama.get_absolute_url()),
    }


def watch_link(link):
    return {"provider": link.get_provider_display(), "url": link.url}

"""Reader-facing pages: the article, the listings that lead to it, the drama and actor pages, search,
health and robots.

Every page starts from `Listicle.objects.published()`, so readers only ever see what is published
and due; anything else answers 404.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django.views.generic.base import TemplateResponseMixin
from taggit.models import Tag

from dramas.models import Actor, Drama, Role
from soompi import versioned
from soompi.responses import Refused, only, private, refused

from . import addresses, page_views, reader_parts, reader_state
from .card_html import related_html
from .entry_html import entries_html
from .models import Author, Entry, Listicle
from .page_entries import read_entries
from .records import published_listicle
from .related import related_to_actor, related_to_drama, related_to_listicle
from .search import SearchForm, search
from .share_cards import card_meta
from .sharing import share_links
from .structured_data import actor_data, article_data, drama_data, json_ld_script

logger = logging.getLogger(__name__)


class ListiclePageMixin:
    """Builds the article page for one listicle; the public page and the previews share it.

    A view using it needs `self.request` and a listicle fetched with `Listicle.objects.for_page()`
    (entries, credits, scenes and watch links prefetched, so the page costs a fixed number of
    queries). It renders `template_name` with `get_listicle_context(listicle)`::

        class StaffPreviewView(ListiclePageMixin, TemplateResponseMixin, View):
            def get(self, request, pk):
                listicle = get_object_or_404(Listicle.objects.for_page(), pk=pk)
                return self.render_to_response(self.get_listicle_context(listicle, is_preview=True))

    The context holds `listicle`, `entries` (the (number, entry) pairs of `listicle.numbered()`),
    `canonical_url`, `share_card` (the share card's absolute `url`, `width`, `height`, `alt` and
    `type`: `share_cards.card_meta`), `share_links` (`sharing.share_links`), `json_ld` (a ready
    `<script type="application/ld+json">` element) and `is_preview`. With `is_preview=True` the
    page tells robots not to index it and shows a Preview banner with the status and the
    scheduled time, if any. It also holds what the reader parts show every reader
    (`reader_parts`: the reaction box and the poll, `reaction_box` and `poll`; the first page of
    comments, `comments`) with the scripts they load (`part_scripts`), the entries' HTML
    (`entries_html`: `entry.html` written out in Python) and related reading's (`related_html`):
    nothing of the reader's, so the page is the same for everyone (`articles.public`).
    """

    template_name = "articles/listicle_detail.html"

    def get_article_context(self, listicle, *, is_preview=False):
        """What editors wrote."""
        absolute = self.request.build_absolute_uri
        entries = listicle.numbered()
        related = related_to_listicle(listicle, [entry for _, entry in entries])
        canonical_url = absolute(listicle.get_absolute_url())
        share_card = card_meta(listicle, absolute=absolute)
        return {
            "listicle": listicle,
            "entries": entries,
            "canonical_url": canonical_url,
            "share_card": share_card,
            "share_links": share_links(canonical_url, listicle.title),
            "json_ld": json_ld_script(
                article_data(listicle, entries, absolute=absolute, card_url=share_card["url"])
            ),
            "is_preview": is_preview,
            "related": related,
            "related_html": related_html(related),
            "has_animations": any(
                link.is_animated_image for _, entry in entries for link in entry.scene_links.all()
            ),
        }

    def get_listicle_context(self, listicle, *, is_preview=False):
        context = self.get_article_context(listicle, is_preview=is_preview)
        context["reader_parts"] = reader_parts.parts()
        for part in context["reader_parts"]:
            context |= part.page_context(self.request, listicle, context["entries"])
        context["part_scripts"] = [
            script for part in context["reader_parts"] for script in part.scripts_on(listicle)
        ]
        poll = context.get("poll")  # a part's poll puts a pick button on every entry
        context["entries_html"] = entries_html(context["entries"], listicle=listicle, poll=poll)
        return context


class ListicleDetailView(ListiclePageMixin, TemplateResponseMixin, View):
    """`/article/<pk>/<slug>/`: the id finds the article, a stale slug redirects to the current one
    (301 once settled, 302 before: `addresses.redirect`).

    The page is public (`articles.public`): the reader's own parts come from `articles:me`.
    """

    http_method_names = ["get", "head"]

    def get(self, request, pk, slug):
        # One query for the listicle; what the page shows of it is prefetched once it is known to be
        # live at this address: its tags with the related cards' (`related_to_listicle`), and the
        # entries with their vote totals for the poll.
        listicle = Listicle.objects.select_related("author").filter(pk=pk).first()
        if listicle is None or not listicle.is_live:
            raise Http404("There is no published article at this address.")
        if slug != listicle.slug:
            return addresses.redirect(listicle, slug, listicle.get_absolute_url())
        read_entries(listicle)  # as page_prefetches(tags=False, entry_totals=True), in SQL written once
        return self.render_to_response(self.get_listicle_context(listicle))


class ListicleListView(ListView):
    """Published listicles, newest first, as cards (with what the reader parts count on each:
    `reader_parts.listing`)."""

    paginate_by = 12
    context_object_name = "listicles"

    def get_queryset(self):
        listicles = Listicle.objects.published().for_listing().order_by("-publish_at", "-id")
        return reader_parts.listing(listicles)


class HomeView(ListicleListView):
    template_name = "articles/home.html"


class TagView(ListicleListView):
    """A tag's published listicles; a tag no reader can see an article for answers 404."""

    template_name = "articles/tag.html"
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(ListicleListView):
    """An author's bio and published listicles; an author with nothing published answers 404."""

    template_name = "articles/author.html"
    allow_empty = False

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class SearchView(ListicleListView):
    """`/search/?q=`: the dramas and actors the query names, then the articles it finds, each with
    the entries that matched (`articles.search`). An empty query shows the form; an invalid one
    answers 400 with the reason. The page is public (`articles.public`): the same for every reader."""

    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None)
        self.query = ""
        self.results = None
        if self.form.is_bound and not self.form.is_valid():
            self.object_list = Listicle.objects.none()
            return self.render_to_response(self.get_context_data(), status=400)
        if self.form.is_bound:
            self.query = self.form.cleaned_data["q"]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.query:
            return Listicle.objects.none()
        self.results = search(self.query, super().get_queryset())
        return self.results.listicles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.query, **kwargs)
        if self.results is not None:
            listicles = list(context["listicles"])
            matches = self.results.entries_for(listicles)
            for listicle in listicles:
                listicle.search_matches = matches.get(listicle.pk, [])
            context |= {"listicles": listicles, "dramas": self.results.dramas, "actors": self.results.actors}
        return context


class KnowledgePageView(DetailView):
    """A page of the knowledge base (`dramas:drama`, `dramas:actor`) with the published entries about it.

    The template lists each article once, with its entries about the page's subject; the related
    reading leaves out the articles already listed."""

    def get_context_data(self, **kwargs):
        canonical_url = self.request.build_absolute_uri(self.object.get_absolute_url())
        json_ld = json_ld_script(self.structured_data(self.object, absolute=self.request.build_absolute_uri))
        entries = list(self.get_entries())
        related = self.get_related(listed={entry.listicle_id for entry in entries})
        return super().get_context_data(
            canonical_url=canonical_url,
            entries=entries,
            related=related,
            related_html=related_html(related),
            json_ld=json_ld,
            **kwargs,
        )


class DramaView(KnowledgePageView):
    """Facts, cast as "Character (Actor)", where to watch, and every published entry about the drama."""

    template_name = "dramas/drama.html"
    context_object_name = "drama"
    structured_data = staticmethod(drama_data)
    queryset = Drama.objects.prefetch_related(
        "tags", Prefetch("roles", Role.objects.select_related("actor")), "watch_links"
    )

    def get_entries(self):
        return Entry.objects.about_drama(self.object)

    def get_related(self, listed):
        return related_to_drama(self.object, listed)


class ActorView(KnowledgePageView):
    """Photo, bio, roles with their dramas, and the published entries featuring the actor."""

    template_name = "dramas/actor.html"
    context_object_name = "actor"
    structured_data = staticmethod(actor_data)
    queryset = Actor.objects.prefetch_related(
        Prefetch("roles", Role.objects.select_related("drama").order_by("-drama__year", "drama__title"))
    )

    def get_entries(self):
        return Entry.objects.featuring_actor(self.object)

    def get_related(self, listed):
        return related_to_actor(self.object, listed)


@never_cache
@require_safe
def healthz(request):
    """200 "ok" when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        response = HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
        return response
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@cache_control(max_age=60 * 60 * 24, public=True)
@require_safe
def robots_txt(request):
    sitemaps = ("django.contrib.sitemaps.views.sitemap", "news_sitemap")
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        *(f"Sitemap: {request.build_absolute_uri(reverse(name))}" for name in sitemaps),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@only("GET", json=True)
def me(request, pk, slug):
    """`/article/<id>/<slug>/me/`: the reader's own part of the article page, as private JSON
    (`reader_state`); it sets the `csrftoken` cookie scripts post with. Asked with `?view=1` when
    a page loads, it also reports the page view (`page_views.viewed`)."""
    with versioned.gathered(reader_state.kept_reads(request, pk)):
        try:
            readers = reader_parts.readers(request)  # a forged reader cookie: 400, and it is cleared
            listicle = published_listicle(pk)
        except Refused as refusal:
            return refused(request, refusal, json=True)
        if page_views.is_page_view(request):
            page_views.viewed.send(sender=Listicle, request=request, listicle_id=listicle.pk)
        return private(JsonResponse(reader_state.article(request, listicle, readers)))

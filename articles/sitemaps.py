"""Sitemaps: published listicles, and the drama, actor, tag and author pages readers can reach from them;
and the Google News sitemap of the articles published in the last two days."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from dramas.models import Actor, Drama

from .models import Author, Entry, Listicle


def _published_entries():
    return Entry.objects.published()


class ListicleSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return Listicle.objects.published().order_by("-publish_at", "-id")

    def lastmod(self, item):
        return item.updated


class DramaSitemap(Sitemap):
    def items(self):
        return Drama.objects.filter(pk__in=_published_entries().values("drama_id")).order_by("slug")


class ActorSitemap(Sitemap):
    def items(self):
        entries = _published_entries()
        credited = Q(roles__featured_in__in=entries) | Q(roles__quoted_in__in=entries)
        return Actor.objects.filter(pk__in=Actor.objects.filter(credited).values("pk")).order_by("slug")


class TagSitemap(Sitemap):
    def items(self):
        return Tag.objects.filter(listicle__in=Listicle.objects.published()).distinct().order_by("slug")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class AuthorSitemap(Sitemap):
    def items(self):
        return Author.objects.filter(pk__in=Listicle.objects.published().values("author_id")).order_by("slug")


sitemaps = {
    "articles": ListicleSitemap,
    "dramas": DramaSitemap,
    "actors": ActorSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


class NewsSitemap(Sitemap):
    """`/news-sitemap.xml` (`templates/articles/news_sitemap.xml`): what Google News asks for — the
    articles published in the last `NEWS_HOURS` hours, at most `NEWS_MOST` of them, each with the
    publication's name and language, its publication time and its title."""

    NEWS_HOURS = 48
    NEWS_MOST = 1000

    def items(self):
        since = timezone.now() - timedelta(hours=self.NEWS_HOURS)
        listicles = Listicle.objects.published().filter(publish_at__gte=since)
        return listicles.order_by("-publish_at", "-id")[: self.NEWS_MOST]

    def get_urls(self, page=1, site=None, protocol=None):
        """Each URL with the `publication` and its `published` time (W3C, to the second, with the
        site's time zone's offset)."""
        publication = {"name": settings.SITE_NAME, "language": news_language(settings.LANGUAGE_CODE)}
        return [
            url
            | {
                "publication": publication,
                "published": timezone.localtime(url["item"].publish_at).replace(microsecond=0).isoformat(),
            }
            for url in super().get_urls(page, site, protocol)
        ]


def news_language(code):
    """The language as Google News names it: an ISO 639 code (`en` for `en-us`), except `zh-cn`
    and `zh-tw` for Simplified and Traditional Chinese."""
    primary, _, region = code.lower().replace("_", "-").partition("-")
    if primary == "zh":
        return "zh-tw" if region in ("tw", "hk", "mo", "hant") else "zh-cn"
    return primary


news_sitemaps = {"news": NewsSitemap}

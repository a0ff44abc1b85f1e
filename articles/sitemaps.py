"""Sitemaps: published listicles, and the drama, actor, tag and author pages readers can reach from them."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
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

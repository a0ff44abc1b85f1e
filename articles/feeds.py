"""The RSS feeds: the latest published listicles, by the same rule as every reader page, for the
whole site, one tag or one author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from taggit.models import Tag

from .models import Author, Listicle


class LatestListiclesFeed(Feed):
    title = f"{settings.SITE_NAME}: latest articles"
    link = reverse_lazy("articles:home")
    description = "The newest K-drama lists and features."

    limit = 20

    def items(self):
        return self.listicles()[: self.limit]

    def listicles(self):
        return Listicle.objects.published().for_listing().order_by("-publish_at", "-id")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.dek

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class TagFeed(LatestListiclesFeed):
    """`/tag/<slug>/feed/`: the latest published listicles with one tag."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{settings.SITE_NAME}: {tag.name}"

    def link(self, tag):
        return reverse("articles:tag", args=[tag.slug])

    def description(self, tag):
        return f"The newest Soompi articles tagged “{tag.name}”."

    def items(self, tag):
        return self.listicles().filter(tags=tag)[: self.limit]


class AuthorFeed(LatestListiclesFeed):
    """`/author/<slug>/feed/`: the latest published listicles by one author."""

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{settings.SITE_NAME}: articles by {author.name}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return f"The newest Soompi articles by {author.name}."

    def items(self, author):
        return self.listicles().filter(author=author)[: self.limit]

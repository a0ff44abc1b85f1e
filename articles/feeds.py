"""The RSS feed: the latest published listicles, by the same rule as every reader page."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from .models import Listicle


class LatestListiclesFeed(Feed):
    title = f"{settings.SITE_NAME}: latest articles"
    link = reverse_lazy("articles:home")
    description = "The newest K-drama lists and features."

    def items(self):
        return Listicle.objects.published().for_listing().order_by("-publish_at", "-id")[:20]

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

"""The RSS feeds: the latest published listicles, by the same rule as every reader page, for the
whole site, one tag or one author.

Each item carries the whole article (`content:encoded`, `articles.feed_html`) and its lead image
twice over: as the RSS `<enclosure>` (with its size in bytes) and as a Media RSS `media:content`
(with its width and height), which feed readers use for the item's picture. Every address in a
feed is absolute. The items are read with `for_page()`'s prefetches: a feed costs the same
number of queries whatever its items hold.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from taggit.models import Tag

from pictures.plain import plain_image, stored_sizes

from .feed_html import article_html
from .models import Author, Listicle

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"


class ArticleFeed(Rss201rev2Feed):
    """RSS 2.0 with the content module (the article) and Media RSS (its lead image)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_encoded"])
        lead = item["lead"]
        if lead is not None:
            attributes = {"url": lead.url, "medium": "image", "type": lead.type}
            if lead.width:
                attributes |= {"width": str(lead.width), "height": str(lead.height)}
            handler.addQuickElement("media:content", "", attributes)


@dataclass(frozen=True)
class Lead:
    url: str
    type: str
    width: int | None
    height: int | None
    length: int | None


@dataclass(frozen=True)
class Source:
    """What a feed is of (None for the whole site, a tag, an author) and the request it answers."""

    request: HttpRequest
    subject: object = None


class LatestListiclesFeed(Feed):
    feed_type = ArticleFeed
    title = f"{settings.SITE_NAME}: latest articles"
    description = "The newest K-drama lists and features."
    item_guid_is_permalink = True  # the guid is the article's canonical address

    limit = 20

    def get_object(self, request, *args, **kwargs):
        return Source(request, self.subject(*args, **kwargs))

    def subject(self):
        return None

    def link(self, source):
        return reverse("articles:home")

    def items(self, source):
        listicles = Listicle.objects.published().for_page().order_by("-publish_at", "-id")
        return self.with_content(self.chosen(listicles, source.subject)[: self.limit], source.request)

    def chosen(self, listicles, subject):
        return listicles

    def with_content(self, listicles, request):
        """The listicles, each with its `content` (the article's HTML) and its `lead` image."""
        listicles = list(listicles)
        leads = {listicle.pk: plain_image(listicle.hero_image) for listicle in listicles}
        sizes = stored_sizes([lead for lead in leads.values() if lead is not None])
        for listicle in listicles:
            listicle.content = article_html(listicle, absolute=request.build_absolute_uri)
            lead = leads[listicle.pk]
            listicle.lead = lead and Lead(
                request.build_absolute_uri(lead.url), lead.type, lead.width, lead.height, sizes[lead.name]
            )
        return listicles

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.dek or item.title

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [tag.name for tag in item.sorted_tags]

    def item_enclosures(self, item):
        lead = item.lead
        if lead is None or not lead.length:  # RSS requires the length: no enclosure without it
            return []
        return [Enclosure(lead.url, str(lead.length), lead.type)]

    def item_extra_kwargs(self, item):
        return {"content_encoded": item.content, "lead": item.lead}


class TagFeed(LatestListiclesFeed):
    """`/tag/<slug>/feed/`: the latest published listicles with one tag."""

    def subject(self, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, source):
        return f"{settings.SITE_NAME}: {source.subject.name}"

    def link(self, source):
        return reverse("articles:tag", args=[source.subject.slug])

    def description(self, source):
        return f"The newest {settings.SITE_NAME} articles tagged “{source.subject.name}”."

    def chosen(self, listicles, tag):
        return listicles.filter(tags=tag)


class AuthorFeed(LatestListiclesFeed):
    """`/author/<slug>/feed/`: the latest published listicles by one author."""

    def subject(self, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, source):
        return f"{settings.SITE_NAME}: articles by {source.subject.name}"

    def link(self, source):
        return source.subject.get_absolute_url()

    def description(self, source):
        return f"The newest {settings.SITE_NAME} articles by {source.subject.name}."

    def chosen(self, listicles, author):
        return listicles.filter(author=author)

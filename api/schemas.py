"""What the read API answers, as typed schemas: they are its OpenAPI document and are checked on
every answer (django-ninja validates what a view returns against them)."""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class Error(Schema):
    error: str = Field(description="Why the request was refused, in one sentence.")


class InvalidInput(Schema):
    error: str = Field(description="The first problem, naming the parameter.")
    detail: list[dict] = Field(description="Every problem found, as pydantic reports them.")


class Rendition(Schema):
    url: str = Field(description="Absolute URL of this width of the image.")
    width: int


class ImageSource(Schema):
    type: str = Field(description="MIME type of the renditions, e.g. image/avif.")
    renditions: list[Rendition]


class Image(Schema):
    url: str = Field(
        description="Absolute URL of the fallback rendition (or the original, until renditions exist)."
    )
    alt: str
    width: int | None = Field(description="Pixels, of the largest rendition.")
    height: int | None
    animated: bool
    poster: str | None = Field(description="A still of an animation, for readers who ask for reduced motion.")
    sources: list[ImageSource] = Field(description="Best format first; the last is the fallback format.")


class Tag(Schema):
    slug: str
    name: str


class TagWithCount(Tag):
    articles: int = Field(description="Published articles with this tag.")


class AuthorRef(Schema):
    slug: str
    name: str


class Author(AuthorRef):
    bio: str
    instagram: str
    avatar: Image | None


class ActorRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The actor's page.")


class DramaRef(Schema):
    slug: str
    title: str
    year: int | None
    url: str = Field(description="The drama's page.")


class Credit(Schema):
    character: str
    actor: ActorRef


class WatchLink(Schema):
    provider: str
    url: str


class Clip(Schema):
    title: str
    episode: int | None
    video_url: str = Field(
        description="The link as stored (YouTube, Viki or Vimeo), with any start time it carries."
    )
    provider: str | None = Field(
        description="YouTube, Viki or Vimeo; None when the link is not a playable one."
    )
    embed_url: str | None = Field(description="The player's address, as the page loads it on play.")
    still: Image | None


class EntryItem(Schema):
    position: int = Field(description="1 for the first item of the entry.")
    lead_in_html: str = Field(description="Sanitised HTML before the clip or image.")
    clip: Clip | None = Field(description="A scene of the entry's drama; None when the item is an image.")
    image: Image | None
    credit: str = Field(description="Who made or owns the image.")
    caption_html: str = Field(description="Sanitised HTML after the clip or image.")


class Entry(Schema):
    id: int
    position: int = Field(description="Reading order: 1 for the first entry.")
    number: int = Field(description="The number readers see, following the article's numbering.")
    heading: str
    drama: DramaRef
    quote: str
    quote_by: Credit | None
    featuring: list[Credit]
    body_html: str = Field(
        description="The entry's Markdown as sanitised HTML, as the article page renders it."
    )
    items: list[EntryItem] = Field(description="Clips and images, in order.")
    watch: list[WatchLink] = Field(description="Where to watch the entry's drama.")


class ArticleSummary(Schema):
    id: int
    slug: str
    title: str
    dek: str
    url: str = Field(description="The article's page.")
    published_at: datetime
    updated_at: datetime
    numbering: str = Field(
        description="list (1..N, in no particular order), ranked (1..N) or countdown (N..1)."
    )
    author: AuthorRef | None
    tags: list[Tag]
    hero: Image | None


class Article(ArticleSummary):
    first_published_at: datetime | None
    intro_html: str
    outro_html: str
    author_details: Author | None = Field(
        description="The byline with the bio the page shows under the article."
    )
    poll_question: str
    allow_comments: bool
    allow_reactions: bool
    entries: list[Entry]


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; None on the last page.")


class MatchedEntry(Schema):
    id: int
    number: int = Field(description="The number readers see, following the article's numbering.")
    heading: str
    url: str = Field(description="The entry on the article's page.")
    drama: DramaRef
    credits: list[Credit] = Field(description="The credits that matched, else the entry's couple.")


class SearchHit(ArticleSummary):
    matched_entries: list[MatchedEntry] = Field(description="A few entries that matched, in reading order.")


class ReactionCount(Schema):
    slug: str
    label: str
    emoji: str
    count: int
    share: int = Field(description="Percent of the total, rounded.")


class Reactions(Schema):
    article_id: int
    total: int
    kinds: list[ReactionCount] = Field(description="The reactions readers are offered, in order.")


class DramaSummary(Schema):
    slug: str
    title: str
    native_title: str
    year: int | None
    network: str
    episodes: int | None
    url: str
    genres: list[Tag]
    poster: Image | None


class DramaRole(Schema):
    character: str
    billing: str = Field(description="lead, supporting or cameo.")
    actor: ActorRef


class Drama(DramaSummary):
    synopsis: str
    roles: list[DramaRole]
    watch: list[WatchLink]


class DramaPage(Schema):
    items: list[DramaSummary]
    next_cursor: str | None


class ActorSummary(Schema):
    slug: str
    name: str
    native_name: str
    url: str
    photo: Image | None


class ActorRole(Schema):
    character: str
    billing: str
    drama: DramaRef


class Actor(ActorSummary):
    bio: str
    instagram: str
    roles: list[ActorRole]


class ActorPage(Schema):
    items: list[ActorSummary]
    next_cursor: str | None


class TagPage(Schema):
    items: list[TagWithCount]
    next_cursor: str | None


class SearchPage(Schema):
    items: list[SearchHit]
    dramas: list[DramaSummary] = Field(description="Dramas the query names; on the first page only.")
    actors: list[ActorSummary] = Field(description="Actors the query names; on the first page only.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; None on the last page.")

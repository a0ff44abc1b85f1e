"""Schema.org data for the reader pages: the article page's `NewsArticle` (whose main entity is the
`ItemList` of entries), the drama page's `TVSeries` and the actor page's `Person`. Each names its
page (`mainEntityOfPage`), a `WebPage` carrying the page's `BreadcrumbList`.

Search engines read it from a `<script type="application/ld+json">` element; the JSON is
escaped like Django's `json_script`, so a title containing `</script>` cannot end the element.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Numbering

LOGO = "img/favicon.svg"  # the site's mark, as browsers show it beside the site's name

# The same escapes as django.utils.html.json_script: nothing in the JSON can close the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

LIST_ORDER = {
    Numbering.LIST: "https://schema.org/ItemListUnordered",
    Numbering.RANKED: "https://schema.org/ItemListOrderAscending",
    Numbering.COUNTDOWN: "https://schema.org/ItemListOrderDescending",
}


def article_data(listicle, entries, *, absolute, card_url=None):
    """The JSON-LD dict for a listicle: a `NewsArticle`, as Google News reads it.

    `entries` are the (number, entry) pairs the page shows; `absolute` turns a path into an
    absolute URL (usually `request.build_absolute_uri`); `card_url` is the share card's absolute
    URL, given as a second image.
    """
    url = absolute(listicle.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": listicle.title,
        "description": listicle.dek,
        "url": url,
        "mainEntityOfPage": web_page(url, article_trail(listicle, absolute)),
        "dateModified": listicle.updated,
        "keywords": [tag.name for tag in listicle.sorted_tags],
        "publisher": publisher(absolute),
        "mainEntity": {
            "@type": "ItemList",
            "name": listicle.title,
            "itemListOrder": LIST_ORDER.get(listicle.numbering, LIST_ORDER[Numbering.LIST]),
            "numberOfItems": len(entries),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": number,
                    "name": entry.display_heading,
                    "url": f"{url}#entry-{number}",
                }
                for number, entry in entries
            ],
        },
    }
    if listicle.publish_at:
        data["datePublished"] = listicle.publish_at
    if listicle.author:
        data["author"] = {
            "@type": "Person",
            "name": listicle.author.name,
            "url": absolute(listicle.author.get_absolute_url()),
        }
    images = [absolute(listicle.hero_image.url)] if listicle.hero_image else []
    images += [card_url] if card_url else []
    if images:
        data["image"] = images
    return data


def publisher(absolute):
    """The site as an `Organization`, with its mark as the logo."""
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static(LOGO))},
    }


def drama_data(drama, *, absolute):
    """`TVSeries` for a drama page (its roles, with actors, and genres prefetched)."""
    url = absolute(drama.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "TVSeries",
        "name": drama.title,
        "url": url,
        "mainEntityOfPage": web_page(url, trail(absolute, (drama.title, url))),
        "actor": [
            {
                "@type": "PerformanceRole",
                "characterName": role.character,
                "actor": person(role.actor, absolute),
            }
            for role in drama.roles.all()
        ],
    }
    optional = {
        "alternateName": drama.native_title,
        "startDate": str(drama.year) if drama.year else "",
        "numberOfEpisodes": drama.episodes,
        "description": drama.synopsis,
        "genre": sorted(tag.name for tag in drama.tags.all()),
        "image": absolute(drama.poster.url) if drama.poster else "",
    }
    if drama.network:
        optional["productionCompany"] = {"@type": "Organization", "name": drama.network}
    return data | {key: value for key, value in optional.items() if value}


def actor_data(actor, *, absolute):
    """`Person` for an actor page (roles with their dramas prefetched)."""
    url = absolute(actor.get_absolute_url())
    data = person(actor, absolute) | {
        "@context": "https://schema.org",
        "mainEntityOfPage": web_page(url, trail(absolute, (actor.name, url))),
        "jobTitle": "Actor",
    }
    optional = {
        "alternateName": actor.native_name,
        "description": actor.bio,
        "image": absolute(actor.photo.url) if actor.photo else "",
        "sameAs": [f"https://www.instagram.com/{actor.instagram}/"] if actor.instagram else [],
        "performerIn": [
            {"@type": "TVSeries", "name": role.drama.title, "url": absolute(role.drama.get_absolute_url())}
            for role in actor.roles.all()
        ],
    }
    return data | {key: value for key, value in optional.items() if value}


def person(actor, absolute):
    return {"@type": "Person", "name": actor.name, "url": absolute(actor.get_absolute_url())}


def web_page(url, breadcrumb):
    return {"@type": "WebPage", "@id": url, "breadcrumb": breadcrumb}


def article_trail(listicle, absolute):
    """Home › the article's first tag (the kicker readers see) › the article."""
    steps = []
    kicker = listicle.sorted_tags[0] if listicle.sorted_tags else None
    if kicker is not None:
        steps.append((kicker.name, absolute(reverse("articles:tag", args=[kicker.slug]))))
    steps.append((listicle.title, absolute(listicle.get_absolute_url())))
    return trail(absolute, *steps)


def trail(absolute, *steps):
    """A `BreadcrumbList` from the home page through (name, absolute URL) steps."""
    steps = [(settings.SITE_NAME, absolute("/")), *steps]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(steps, start=1)
        ],
    }


def json_ld_script(data):
    """A `<script type="application/ld+json">` element holding `data`, safe to place in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308

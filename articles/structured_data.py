"""Schema.org data for the article page: an `Article` whose main entity is the `ItemList` of entries.

Search engines read it from a `<script type="application/ld+json">` element; the JSON is
escaped like Django's `json_script`, so a title containing `</script>` cannot end the element.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Numbering

# The same escapes as django.utils.html.json_script: nothing in the JSON can close the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

LIST_ORDER = {
    Numbering.LIST: "https://schema.org/ItemListUnordered",
    Numbering.RANKED: "https://schema.org/ItemListOrderAscending",
    Numbering.COUNTDOWN: "https://schema.org/ItemListOrderDescending",
}


def article_data(listicle, entries, *, absolute):
    """The JSON-LD dict for a listicle.

    `entries` are the (number, entry) pairs the page shows; `absolute` turns a path into an
    absolute URL (usually `request.build_absolute_uri`).
    """
    url = absolute(listicle.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": listicle.title,
        "description": listicle.dek,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "dateModified": listicle.updated,
        "keywords": [tag.name for tag in listicle.sorted_tags],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")},
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
    if listicle.hero_image:
        data["image"] = absolute(listicle.hero_image.url)
    return data


def json_ld_script(data):
    """A `<script type="application/ld+json">` element holding `data`, safe to place in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308

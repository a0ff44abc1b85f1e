"""The article page's share links: plain addresses of each network's own share page, with the
article's canonical address and title in the query, so that nothing of theirs loads before a
reader chooses one. The page is public and the same for everyone, so the links are too.

`static/js/share.js` adds the browser's own share sheet (the Web Share API) where there is one,
and makes "Copy link" copy the address instead of following it.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLink:
    slug: str  # its CSS modifier: share__link--<slug>
    name: str
    href: str


NETWORKS = (
    ("x", "X", "https://twitter.com/intent/tweet", lambda url, title: {"text": title, "url": url}),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php", lambda url, title: {"u": url}),
    ("whatsapp", "WhatsApp", "https://wa.me/", lambda url, title: {"text": f"{title} {url}"}),
    ("line", "LINE", "https://social-plugins.line.me/lineit/share", lambda url, title: {"url": url}),
    ("reddit", "Reddit", "https://www.reddit.com/submit", lambda url, title: {"url": url, "title": title}),
)


def share_links(url, title):
    """A `ShareLink` per network for the absolute `url` of a page titled `title`."""
    return [
        ShareLink(slug, name, f"{page}?{urlencode(query(url, title), quote_via=quote)}")
        for slug, name, page, query in NETWORKS
    ]

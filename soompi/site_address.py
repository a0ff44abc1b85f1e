"""The site's one public address and name, for every link that leaves a request.

Emails and printed URLs are read away from the page that made them, so they name the site from
settings (`SITE_URL`, `SITE_NAME`), never from the Host header a client sent: a request to
`evil.example` or to a port the client picked still sends links to the real site.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


def site_url(path=""):
    """`path` (absolute, starting with "/") on the public address."""
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Site:
    """What email templates call `current_site`: the name and host every email shows."""

    name: str
    domain: str


def current_site():
    return Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)

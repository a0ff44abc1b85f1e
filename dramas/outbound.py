"""The UTM parameters on the Watch Now links readers follow, so partners see what the newsroom sends.

`with_utm(url, campaign)` adds `utm_source` (`WATCH_UTM_SOURCE`), `utm_medium` (`WATCH_UTM_MEDIUM`)
and `utm_campaign` (the article's slug; `drama-<slug>` on a drama's page) at render time, to reader
pages only: the stored address and the admin stay as the editor typed them. The address's own query
string is kept byte for byte, with the parameters after it and before any fragment; a parameter the
editor already put in the address is left as they wrote it. The result depends on the page alone,
never on the reader, so cached pages stay the same for everyone.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings


def with_utm(url, campaign):
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https"):
        return url
    present = {name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
    wanted = (
        ("utm_source", settings.WATCH_UTM_SOURCE),
        ("utm_medium", settings.WATCH_UTM_MEDIUM),
        ("utm_campaign", campaign),
    )
    added = urlencode([(name, value) for name, value in wanted if value and name not in present])
    if not added:
        return url
    query = f"{parts.query}&{added}" if parts.query else added
    return urlunsplit(parts._replace(query=query))


def drama_campaign(drama):
    """The campaign of a drama page's links."""
    return f"drama-{drama.slug}"

"""The one Markdown renderer: editors' Markdown in, sanitised HTML out.

Raw HTML in the source is shown as text, never interpreted; the output then goes
through nh3 (ammonia) with an allow-list, so no script, event handler or
`javascript:` URL can reach a page whatever the Markdown library does.
"""

from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = set("p br hr em strong del a ul ol li blockquote code pre h2 h3 h4 abbr sup sub".split())
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


class NoRawHtml(markdown_lib.Extension):
    """Treat inline and block HTML as literal text."""

    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _sanitise(html, **options):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        **options,
    )


@lru_cache(maxsize=4096)
def _render(text):
    html = markdown_lib.markdown(text, extensions=[NoRawHtml(), "sane_lists", "smarty"], output_format="html")
    return _sanitise(html)


def render_markdown(text):
    """Safe HTML for a Markdown string (cached per distinct text)."""
    if not text:
        return mark_safe("")  # noqa: S308
    return mark_safe(_render(str(text)))  # noqa: S308 - sanitised by nh3 above


def render_markdown_absolute(text, base):
    """`render_markdown(text)` with every relative link resolved against the absolute URL `base`:
    for HTML read away from the site (feed readers), where `/drama/goblin/` would lead nowhere."""
    html = render_markdown(text)
    if not html:
        return html
    return mark_safe(_sanitise(str(html), url_relative=("rewrite_with_base", base)))  # noqa: S308

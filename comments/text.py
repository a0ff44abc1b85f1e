"""Comment bodies are plain text: every character is escaped, blank lines make paragraphs, line
breaks stay, and only http(s) links become clickable, marked as user content.

Nothing a reader typed reaches a page as markup: `<script>`, event handlers, `javascript:` and
`data:` links come out as the text they are.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from soompi.lookalikes import trim_marks

# Trailing punctuation usually ends the sentence rather than the address.
URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}’”"
LINK_REL = "nofollow ugc noopener"

# Bidirectional embeddings, overrides and isolates would reorder the text around them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def clean_body(text):
    """What is stored: NFC text, Windows line ends made plain, bidi controls dropped, combining
    marks stacked beyond two on a letter ("Zalgo") dropped, ends trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return trim_marks(text.translate(BIDI_CONTROLS)).strip()


def find_links(text):
    """(start, end, url) for each http(s) address, without the punctuation that follows it."""
    links = []
    for match in URL.finditer(text):
        url = match.group().rstrip(TRAILING)
        parts = urlsplit(url)
        if parts.scheme.lower() in {"http", "https"} and parts.netloc:
            links.append((match.start(), match.start() + len(url), url))
    return links


def count_links(text):
    return len(find_links(text))


def linkify(text):
    pieces, position = [], 0
    for start, end, url in find_links(text):
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<a href="{}" rel="{}">{}</a>', url, LINK_REL, url))
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def render_comment_body(text):
    """The HTML of a comment body: escaped paragraphs with clickable http(s) links."""
    paragraphs = [part.strip("\n") for part in re.split(r"\n\s*\n", text) if part.strip()]
    html = "".join(f"<p>{linkify(paragraph).replace(chr(10), '<br>')}</p>" for paragraph in paragraphs)
    return mark_safe(html)  # every piece of reader text went through escape()

"""Hostile input, as data: what an attacker or a careless paste sends, and the rule every page keeps.

The harnesses in this folder post each payload to each endpoint listed in `endpoints.py`; a new
endpoint is one line there.
"""

import re
from html.parser import HTMLParser

# Text that must come back as text: escaped on every page, never run.
TEXT = {
    "script": "<script>alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "svg-onload": "<svg/onload=alert(1)>",
    "close-script": "</script><script>alert(1)</script>",
    "attribute-break": '" autofocus onfocus="alert(1)',
    "markdown-js-link": "[click](javascript:alert(1))",
    "markdown-js-link-encoded": "[click](jav&#x09;ascript:alert(1))",
    "markdown-data-link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown-js-image": "![x](javascript:alert(1))",
    "markdown-reference-js": "[a][1]\n\n[1]: javascript:alert(1)",
    "template-syntax": "{{ request.user }}{% debug %}",
    "bidi-override": "abc\u202etxt.exe\u202c",
    "zero-width": "Go\u200bblin\u200d\ufeff",
    "nul": "bad\x00value",
    # Nothing a reader can see: a comment of these is refused.
    "invisible-only": "\u200b\u200c\u200d\u2060\ufeff\u180e",
    "combining-flood": "\u0301" * 2000,
    # Letters buried under stacked combining marks ("Zalgo"): stored with two marks a letter at most.
    "zalgo": "Z" + "\u0336\u0301\u0317" * 300 + "algo" + "\u035b" * 500,
    "megabyte": "A" * 1_000_000,  # keep last: the property tests take every value but this one
}

# The blocked word of the `site` fixture ("spoilerbait") as it can be disguised: each one reads
# as the word and must wait for moderation as the word does.
DISGUISED_WORDS = {
    "zero-width": "spoiler\u200bbait",
    "cyrillic": "ѕроilеrbаit",
    "fullwidth": "ｓｐｏｉｌｅｒｂａｉｔ",
    "mixed-case-soft-hyphen": "SpOiLeR\u00adBaIt",
    "combining": "s\u0336p\u0336oilerbait",
}
UNICODE_TRICKS = {
    "bidi-override",
    "zero-width",
    "nul",
    "invisible-only",
    "combining-flood",
    "zalgo",
    "megabyte",
}

# The same text in fewer posts, for forms that cost a page render each: every markup vector at once
# (each on its own paragraph, so Markdown sees each one as it would alone).
MARKUP = [name for name in TEXT if name not in UNICODE_TRICKS]
TEXT_IN_BULK = {
    "markup": "\n\n".join(TEXT[name] for name in MARKUP),
    "unicode-tricks": TEXT["bidi-override"] + " " + TEXT["zero-width"],
    "invisible-only": TEXT["invisible-only"] + TEXT["combining-flood"],
    "zalgo": TEXT["zalgo"],
    "nul": TEXT["nul"],
    "megabyte": TEXT["megabyte"],
}

# Addresses a URL field must refuse (only http/https reach a page).
URLS = {
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JaVaScRiPt:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "vbscript": "vbscript:msgbox(1)",
    "quote-break": 'https://www.youtube.com/watch?v=x"><script>alert(1)</script>',
    "nul": "https://www.viki.com/\x00",
}

SCRIPT_TYPES_ALLOWED = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href"}


class Executable(HTMLParser):
    """Finds what a browser would run: inline or foreign scripts, handlers, script URLs, plug-ins."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.in_data_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("type") in SCRIPT_TYPES_ALLOWED:
                self.in_data_script = True
            elif not re.match(r"/[^/]", attrs.get("src") or ""):
                self.found.append(f"<script> not from a file of this site: {attrs}")
        if tag in ("object", "embed", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"handler {name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if compact.startswith(("javascript:", "vbscript:")) or (
                    compact.startswith("data:") and not (tag == "img" and compact.startswith("data:image/"))
                ):
                    self.found.append(f"{name}={value[:60]!r} on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_data_script = False

    def handle_data(self, data):
        if self.in_data_script and "</" in data.lower().replace("<\\/", ""):
            self.found.append("a data script that closes early")


def executable(html):
    """What in `html` a browser would execute; empty for a safe page."""
    parser = Executable()
    parser.feed(html)
    return parser.found

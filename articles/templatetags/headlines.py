"""Headlines that break between words, never inside "K-Drama".

A browser may break a line after any hyphen, so a headline could end a line on "K-" and start the
next with "Drama". `{{ title|headline }}` keeps each hyphenated word whose first part is one or two
letters or digits (K-Drama, K-Pop, Ji-Eun, 12-Episode) on one line: it is wrapped in
`<span class="nowrap">`, whose style is `white-space: nowrap`. The hyphen stays a plain hyphen, so
search engines, copy and paste and screen readers see the same text; titles in the page's head,
feeds and structured data are left as they are.
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# Letters or digits only (no underscore) on both sides; an escaped character (&amp; &#x27;) never
# contains a hyphen, so matching the escaped text cannot split an entity.
COMPOUND = re.compile(r"(?<![\w-])[^\W_]{1,2}(?:-[^\W_]+)+")


@register.filter(needs_autoescape=True)
def headline(text, autoescape=True):
    """`text`, escaped, with its short-prefix compounds kept whole on one line."""
    escaped = conditional_escape(text) if autoescape else str(text)
    return mark_safe(COMPOUND.sub(r'<span class="nowrap">\g<0></span>', escaped))  # noqa: S308 -- escaped above

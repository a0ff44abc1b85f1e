"""`{% site_url 'name' %}`: `{% url 'name' %}` for a URL without arguments, reversed once per process.

The site's fixed links (home, search, the feed, `me`, sign-in and sign-up) are on every page and
the same on every request under one script prefix and URL configuration; `{% url %}` resolves the
name through the resolver's reverse dictionary each time. The output is `{% url %}`'s: escaped when
written, as it is with `as name`.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=64)
def reversed_url(script_prefix, urlconf, name):
    """`reverse(name)` under this script prefix and URL configuration: both are in the key because
    `reverse` reads them from the thread."""
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def site_url(name):
    return reversed_url(get_script_prefix(), get_urlconf(), name)

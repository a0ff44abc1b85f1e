"""`{% site_url %}` writes what `{% url %}` writes for the site's fixed links, under any script
prefix: the prefix is part of what it reverses once."""

import pytest
from django.template import engines
from django.urls import clear_script_prefix, set_script_prefix

NAMES = [
    "articles:home",
    "articles:search",
    "articles:feed",
    "accounts:me",
    "account_login",
    "account_signup",
]


def render(source):
    return engines["django"].from_string(source).render({})


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    clear_script_prefix()


@pytest.mark.parametrize("prefix", ["/", "/sub/path/", "/a b&c/"])
def test_site_url_is_the_url_tags_output(script_prefix, prefix):
    script_prefix(prefix)
    for name in NAMES:
        tags = f"{{% url '{name}' %}}|{{% url '{name}' as u %}}{{{{ u }}}}"
        expected = render(tags)
        got = render("{% load site_urls %}" + tags.replace("{% url ", "{% site_url "))
        assert got == expected


def test_a_changed_script_prefix_is_followed(script_prefix):
    script_prefix("/one/")
    first = render("{% load site_urls %}{% site_url 'articles:home' %}")
    script_prefix("/two/")
    assert render("{% load site_urls %}{% site_url 'articles:home' %}") == "/two/"
    assert first == "/one/"

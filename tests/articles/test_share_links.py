"""Sharing without third-party scripts: plain links to each network's share page, the same for every
reader, and a small first-party script for the share sheet and copying."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a" and "share__link" in attrs.get("class", ""):
            self.links.append(attrs)


def page(client, listicle):
    response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def share_links(client, listicle):
    parser = Links()
    parser.feed(page(client, listicle))
    return {link["class"].split("--")[-1]: link for link in parser.links}


@pytest.fixture
def article(db):
    return factories.PublishedListicleFactory(title="Confessions & more", slug="confessions")


def test_share_links_carry_the_canonical_address_and_title_url_encoded(client, article):
    url = f"http://testserver/article/{article.pk}/confessions/"

    links = share_links(client, article)

    assert set(links) == {"x", "facebook", "whatsapp", "line", "reddit", "copy"}
    queries = {name: parse_qs(urlsplit(link["href"]).query) for name, link in links.items()}
    assert links["x"]["href"].startswith("https://twitter.com/intent/tweet?")
    assert queries["x"] == {"text": ["Confessions & more"], "url": [url]}
    assert links["facebook"]["href"].startswith("https://www.facebook.com/sharer/sharer.php?")
    assert queries["facebook"] == {"u": [url]}
    assert links["whatsapp"]["href"].startswith("https://wa.me/?")
    assert queries["whatsapp"] == {"text": [f"Confessions & more {url}"]}
    assert links["line"]["href"].startswith("https://social-plugins.line.me/lineit/share?")
    assert queries["line"] == {"url": [url]}
    assert links["reddit"]["href"].startswith("https://www.reddit.com/submit?")
    assert queries["reddit"] == {"url": [url], "title": ["Confessions & more"]}
    assert "%26" in links["x"]["href"] and " " not in links["x"]["href"]  # encoded, not raw
    for name in ("x", "facebook", "whatsapp", "line", "reddit"):
        assert "noopener" in links[name]["rel"].split() and links[name]["target"] == "_blank"
    assert links["copy"]["href"] == url


def test_the_page_loads_nothing_from_the_networks(client, article):
    parser = Links()
    parser.feed(page(client, article))

    scripts = [attrs.get("src") for tag, attrs in parser.tags if tag == "script" and attrs.get("src")]
    assert scripts and all(src.startswith("/static/js/") for src in scripts)
    assert "/static/js/share.js" in scripts
    assert not [
        tag for tag, attrs in parser.tags if tag in ("iframe", "img") and "//" in attrs.get("src", "")
    ]
    loaded = [attrs for tag, attrs in parser.tags if tag == "link" and attrs.get("rel") not in ("canonical",)]
    assert loaded and all(attrs["href"].startswith("/") for attrs in loaded)  # stylesheet, icon, feed


def test_a_title_with_markup_is_escaped_in_the_share_block_and_its_links(client, article):
    article.title = 'Confessions <script>alert("x")</script>'
    article.save()

    html = page(client, article)
    links = share_links(client, article)

    assert "<script>alert" not in html
    assert 'data-title="Confessions &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in html
    assert '<meta property="og:image:alt" content="Confessions &lt;script&gt;' in html
    assert "%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E" in links["x"]["href"]
    assert parse_qs(urlsplit(links["reddit"]["href"]).query)["title"] == [article.title]


def test_the_native_share_button_waits_for_the_script(client, article):
    html = page(client, article)

    assert re.search(r'<li class="share__item" data-share-native hidden>\s*<button', html)
    assert '<p class="share__status" role="status" aria-live="polite" data-share-status></p>' in html

"""The one Markdown renderer: editors' Markdown renders; raw HTML and scripts never reach a page."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from articles.markdown import render_markdown


def test_emphasis_links_and_lists_render():
    html = render_markdown(
        "*Sigh.* A **lethal** [confession](https://www.soompi.com/).\n\n- Goblin\n- Reply 1988"
    )

    assert "<em>Sigh.</em>" in html
    assert "<strong>lethal</strong>" in html
    assert '<a href="https://www.soompi.com/" rel="noopener noreferrer">confession</a>' in html
    assert "<ul>\n<li>Goblin</li>\n<li>Reply 1988</li>\n</ul>" in html


def test_numbered_list_keeps_its_start():
    assert '<ol start="3">' in render_markdown("3. third\n4. fourth")


def test_quotes_and_apostrophes_become_typographic():
    assert "What’s a K-drama" in render_markdown("What's a K-drama")


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> there",
        "<div>\n<script>alert(1)</script>\n</div>",
    ],
)
def test_script_tags_are_shown_as_text_never_run(source):
    html = render_markdown(source)

    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_raw_html_is_shown_as_text():
    html = render_markdown('Look: <b onclick="steal()">bold</b>')

    assert "<b" not in html
    assert "&lt;b onclick=" in html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "<javascript:alert(1)>",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
    ],
)
def test_dangerous_link_schemes_never_become_links(source):
    html = render_markdown(source)

    assert 'href="javascript' not in html.lower()
    assert 'href="data:' not in html.lower()
    assert 'href="vbscript' not in html.lower()


class Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.extend((tag, name) for name, _ in attrs)


def attributes(html):
    parser = Attributes()
    parser.feed(html)
    return parser.seen


def test_event_handlers_cannot_be_smuggled_through_link_titles():
    html = render_markdown('[x](https://example.com/ "a\\" onmouseover=\\"alert(1)")')

    assert attributes(html) == [("a", "href"), ("a", "title"), ("a", "rel")]


def test_event_handler_attributes_never_survive():
    html = render_markdown('<p onclick="x()">hi</p>\n\n<a href="https://x.example" onmouseover="y()">a</a>')

    assert not [name for _, name in attributes(html) if name.startswith("on")]


def test_images_are_not_rendered():
    html = render_markdown("![pixel](https://tracker.example/p.gif)")

    assert "<img" not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_output_is_marked_safe_for_templates():
    assert isinstance(render_markdown("*hi*"), SafeString)


def test_template_filter_renders_through_the_same_renderer():
    template = Template("{% load markup %}{{ text|markdown }}")

    html = template.render(Context({"text": "**Goblin** <script>alert(1)</script>"}))

    assert "<strong>Goblin</strong>" in html
    assert "<script" not in html

"""Hostile comment bodies reach the page only as text; http(s) links become safe, marked links."""

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.text import clean_body, count_links, render_comment_body
from tests import factories

JSON = {"HTTP_ACCEPT": "application/json"}


def test_paragraphs_and_line_breaks_are_kept():
    html = render_comment_body("First line\nsecond line\n\n\nNew paragraph")
    assert html == "<p>First line<br>second line</p><p>New paragraph</p>"


def test_http_links_are_clickable_and_marked_as_user_content():
    html = render_comment_body("See https://example.com/a?b=1&c=2, it's great.")
    assert html == (
        '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a>, it&#x27;s great.</p>"
    )


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "javascript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        '<a href="javascript:alert(1)">click</a>',
        'https://example.com/"onmouseover="alert(1)',
        "https://example.com/<script>",
    ],
)
def test_markup_and_dangerous_links_stay_text(payload):
    html = render_comment_body(payload)
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert 'href="data' not in html
    assert 'onmouseover="' not in html and "onerror=" not in html.replace("onerror=&quot;", "")


def test_only_http_and_https_links_count():
    assert count_links("http://a.example https://b.example ftp://c.example javascript:x www.d.example") == 2


def test_bidi_controls_are_dropped_and_ends_trimmed():
    assert clean_body("  \u202egnp.exe\u202c hello\r\n ") == "gnp.exe hello"


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script>",
        '"><svg onload=alert(1)>',
        "\u202eevil\u2066 reversed",
        "javascript:alert(1)",
    ],
)
def test_hostile_bodies_post_and_render_as_text(client, listicle, body):
    reader = factories.reader_account("Mallory", username="mallory")
    factories.CommentFactory(user=reader)
    client.force_login(reader)
    url = reverse("articles:comments", args=[listicle.pk, listicle.slug])
    assert client.post(url, {"body": body}).status_code == 303
    page = client.get(listicle.get_absolute_url()).content.decode()
    section = page[page.index('id="comments"') :]
    assert "<script>alert" not in section
    assert "<svg" not in section
    assert "\u202e" not in section
    assert 'href="javascript' not in section
    assert Comment.objects.filter(listicle=listicle).count() == 1


def test_a_display_name_with_markup_is_escaped_on_comments(client, listicle):
    # "<" and ">" are visible characters, so the name is allowed; it is shown as text.
    user = factories.reader_account("<b>Bold</b>", username="bold")
    factories.CommentFactory(listicle=listicle, user=user)
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page
    assert "<b>Bold</b>" not in page


def test_comment_counts_show_on_the_article_and_its_card(client, listicle):
    factories.CommentFactory(listicle=listicle)
    factories.CommentFactory(listicle=listicle)
    factories.CommentFactory(listicle=listicle, status="pending")
    article = client.get(listicle.get_absolute_url()).content.decode()
    assert '<a class="byline__comments" href="#comments" data-comment-total-label>2 comments</a>' in article
    home = client.get(reverse("articles:home")).content.decode()
    assert f'href="{listicle.get_absolute_url()}#comments">2 comments</a>' in home

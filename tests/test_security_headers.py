"""The Content-Security-Policy: reader pages get the strict policy, the admin its own, and no page
carries inline code the policy would block."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from dramas.video import Video
from newsroom import preview
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://www.viki.com"]

READER_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-src": PLAYERS,
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_POLICY = {**READER_POLICY, "style-src": ["'self'", "'unsafe-inline'"]}
# The listicle's change page frames the preview beside its form, a page of this site.
CHANGE_PAGE_POLICY = {**ADMIN_POLICY, "frame-src": [*PLAYERS, "'self'"]}


def policy(response, header=HEADER):
    """The header as {directive: [sources]}; fails when the header is missing."""
    assert header in response, f"no {header} header"
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = sources
    return directives


class InlineCode(HTMLParser):
    """Collects what a strict policy blocks: inline <script> code, <style> elements, style and
    on* attributes, javascript: links. A <script> holding JSON data is not code."""

    DATA_TYPES = {"application/ld+json", "application/json"}

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in attrs and attrs.get("type") not in self.DATA_TYPES
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]!r}")


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(intro="Twelve scenes.", outro="Which one is yours?")
    for position in range(2):
        factories.full_entry(listicle, position=position)
    listicle.tags.add("Confessions")
    return listicle


def reader_urls(article):
    entry = article.entries.select_related("drama").first()
    actor = entry.quote_role.actor
    return [
        article.get_absolute_url(),
        "/",
        reverse("articles:tag", args=["confessions"]),
        article.author.get_absolute_url(),
        reverse("articles:search") + "?q=drama",
        entry.drama.get_absolute_url(),
        actor.get_absolute_url(),
        reverse("articles:preview", args=[preview.make_token(article)]),
    ]


def test_the_article_page_sends_the_reader_policy(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert policy(response) == READER_POLICY
    assert REPORT_ONLY_HEADER not in response


def test_the_home_page_sends_the_reader_policy(client, article):
    response = client.get("/")
    assert response.status_code == 200
    assert policy(response) == READER_POLICY


def test_the_not_found_page_sends_the_reader_policy(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy(response) == READER_POLICY


def test_the_bad_request_page_sends_the_reader_policy(client, db):
    response = client.get("/search/?q=%00")
    assert response.status_code == 400
    assert policy(response) == READER_POLICY


def test_reader_pages_carry_no_inline_code_the_policy_would_block(client, article):
    for url in reader_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == READER_POLICY, url
        assert inline_code(response) == [], url


def test_the_json_ld_block_is_data_not_script(client, article):
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in content
    assert "<script>" not in content


def test_the_policy_frames_exactly_the_players_the_site_embeds():
    origins = set()
    for provider, video_id in [("YouTube", "dQw4w9WgXcQ"), ("Vimeo", "76979871"), ("Viki", "1234v")]:
        parts = urlsplit(Video(provider, video_id).embed_url)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    assert origins == set(READER_POLICY["frame-src"])


def test_the_admins_sign_in_is_the_sign_in_page_under_the_strict_policy(client, db):
    response = client.get(reverse("admin:login"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert policy(response) == READER_POLICY


def test_the_admin_change_page_gets_the_admin_policy_and_runs_no_inline_script(client, editor, article):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_listicle_change", args=[article.pk]))
    assert response.status_code == 200
    assert policy(response) == CHANGE_PAGE_POLICY
    assert [found for found in inline_code(response) if found.startswith("inline script")] == []


def test_the_admin_revision_pages_keep_their_style_and_script_in_static_files(client, editor, article):
    client.force_login(editor)
    pages = [
        client.get(reverse("admin:articles_listicle_revisions", args=[article.pk])),
        client.post(reverse("admin:articles_listicle_share_preview", args=[article.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        assert inline_code(response) == []
    content = pages[1].content.decode()
    assert "newsroom/admin/share_preview.js" in content
    assert "newsroom/admin/revisions.css" in content


def test_the_staff_preview_in_the_admin_can_still_play_videos(client, editor, article):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_listicle_preview", args=[article.pk]))
    assert response.status_code == 200
    assert policy(response)["frame-src"] == PLAYERS


def test_in_report_only_mode_the_same_policies_are_only_reported(client, editor, article, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    del settings.CONTENT_SECURITY_POLICY

    reader_page = client.get(article.get_absolute_url())
    assert HEADER not in reader_page
    assert policy(reader_page, REPORT_ONLY_HEADER) == READER_POLICY

    client.force_login(editor)
    admin_page = client.get(reverse("admin:articles_listicle_change", args=[article.pk]))
    assert HEADER not in admin_page
    assert policy(admin_page, REPORT_ONLY_HEADER) == CHANGE_PAGE_POLICY


def settings_in_a_fresh_process(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "CSP_REPORT_ONLY"}}
    code = (
        "from django.conf import settings; "
        "print(hasattr(settings, 'CONTENT_SECURITY_POLICY'), "
        "hasattr(settings, 'CONTENT_SECURITY_POLICY_REPORT_ONLY'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": secrets.token_urlsafe(60), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip().splitlines()[-1], result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "True False"), ("false", "True False"), ("true", "False True"), ("1", "False True")],
)
def test_csp_report_only_switches_the_policy_to_report_only(value, expected):
    env = {} if value is None else {"CSP_REPORT_ONLY": value}
    enforced_and_report_only, stderr = settings_in_a_fresh_process(**env)
    assert enforced_and_report_only == expected, stderr


def csp_response(view, path="/somewhere/"):
    """`view`'s response through the site's CSP middleware, as for a reader page."""
    from django.test import RequestFactory

    from soompi.middleware import ContentSecurityPolicyMiddleware

    request = RequestFactory().get(path)
    middleware = ContentSecurityPolicyMiddleware(view)
    return middleware(request), request


def test_the_policy_built_once_follows_a_change_of_the_setting(settings):
    from django.http import HttpResponse

    first, _ = csp_response(lambda request: HttpResponse())
    assert policy(first) == READER_POLICY
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**settings.READER_CSP, "img-src": ["'self'"]}}
    changed, _ = csp_response(lambda request: HttpResponse())
    assert policy(changed) == {**READER_POLICY, "img-src": ["'self'"]}
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": settings.READER_CSP,
        "EXCLUDE_URL_PREFIXES": ["/somewhere/"],
    }
    excluded, _ = csp_response(lambda request: HttpResponse())
    assert HEADER not in excluded


def test_a_views_own_policy_exemption_and_nonce_are_django_csps(db):
    from csp.constants import NONCE
    from csp.decorators import csp_exempt, csp_update
    from django.http import HttpResponse

    updated, _ = csp_response(
        csp_update({"img-src": ["https://img.example"]})(lambda request: HttpResponse())
    )
    assert policy(updated)["img-src"] == ["'self'", "data:", "https://img.example"]
    exempt, _ = csp_response(csp_exempt()(lambda request: HttpResponse()))
    assert HEADER not in exempt
    uses_nonce, request = csp_response(
        csp_update({"script-src": [NONCE]})(lambda r: HttpResponse(str(r.csp_nonce)))
    )
    assert policy(uses_nonce)["script-src"] == ["'self'", f"'nonce-{uses_nonce.content.decode()}'"]
    plain, request = csp_response(lambda request: HttpResponse())
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)

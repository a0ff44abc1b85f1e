"""The public POSTs, the preview URL and forged cookies, fed the hostile corpus: a clear 4xx or the
normal answer, never a 5xx, nothing stored that should not be."""

import pytest
from django.test import Client

from reactions.models import Reaction, Vote
from tests.reader_posts import unlimited_addresses, url

from .conftest import reader_pages
from .corpus import TEXT, URLS, executable
from .endpoints import PUBLIC_POSTS

pytestmark = pytest.mark.django_db

VALUES = {**TEXT, **{f"url-{k}": v for k, v in URLS.items()}, "number-overflow": "9" * 40, "negative": "-1"}
CASES = [(post, field, name) for post in PUBLIC_POSTS for field in post.fields for name in VALUES]
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _unlimited(settings):
    unlimited_addresses(settings)


def stored_rows():
    return Reaction.objects.count() + Vote.objects.count()


@pytest.mark.parametrize(("post", "field", "payload"), CASES, ids=[f"{p}-{f}-{n}" for p, f, n in CASES])
def test_a_hostile_value_in_a_public_post_is_a_clear_4xx(client, site, post, field, payload):
    data = {**post.valid, field: VALUES[payload]}
    response = client.post(url(post.name, site.listicle), data)
    assert 400 <= response.status_code < 500
    assert stored_rows() == 0
    assert not executable(response.content.decode())


@pytest.mark.parametrize("post", PUBLIC_POSTS, ids=str)
def test_a_public_post_without_its_csrf_token_is_refused_and_stores_nothing(site, post):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(post.name, site.listicle), post.valid or {"entry": site.entry.pk})
    assert response.status_code == 403
    assert stored_rows() == 0


@pytest.mark.parametrize("post", PUBLIC_POSTS, ids=str)
def test_invalid_utf8_in_a_public_post_is_not_a_5xx(client, site, post):
    body = b"kind=\xff\xfe%FF%C0%AF&entry=\xc3\x28"
    response = client.generic(
        "POST", url(post.name, site.listicle), body, content_type="application/x-www-form-urlencoded"
    )
    assert 400 <= response.status_code < 500
    assert stored_rows() == 0


@pytest.mark.parametrize("post", PUBLIC_POSTS, ids=str)
def test_a_one_megabyte_public_post_is_refused_with_413(client, site, post):
    response = client.post(url(post.name, site.listicle), {post.fields[0]: "A" * 1_000_000})
    assert response.status_code == 413
    assert stored_rows() == 0


@pytest.mark.parametrize(
    "cookie",
    ["garbage", "a" * 4000, "1:2:3", "%E2%80%AE", "eyJhbGciOiJub25lIn0.e30.", "reader-123:forged-signature"],
)
def test_a_forged_reader_cookie_is_refused_and_stores_nothing(client, site, cookie):
    client.cookies["reader"] = cookie
    response = client.post(url("react", site.listicle), {"kind": "love"})
    assert response.status_code == 400
    assert stored_rows() == 0
    assert client.get(site.listicle.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("cookie", ["garbage", "x" * 4000, "../../etc/passwd", "' OR 1=1 --"])
def test_a_forged_session_cookie_is_an_anonymous_visitor(client, site, cookie):
    client.cookies["sessionid"] = cookie
    for path in reader_pages(site):
        assert client.get(path).status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "token",
    ["garbage", "MQ:1abc:forged", "A" * 2000, "..%2F..%2Fetc%2Fpasswd", "%00", "<script>alert(1)</script>"],
)
def test_a_forged_preview_token_shows_nothing(client, site, token):
    response = client.get(f"/preview/{token}/")
    assert 400 <= response.status_code < 500
    assert "Confessions" not in response.content.decode()


def test_oversized_headers_are_not_a_5xx(client, site):
    response = client.get(
        site.listicle.get_absolute_url(),
        HTTP_USER_AGENT="A" * 64_000,
        HTTP_ACCEPT_LANGUAGE="en;q=0.9," * 5000,
        HTTP_X_FORWARDED_FOR="1.1.1.1, " * 5000,
        HTTP_REFERER="javascript:alert(1)",
    )
    assert response.status_code == 200
    assert not executable(response.content.decode())


@pytest.mark.parametrize("q", [TEXT["script"], TEXT["nul"], TEXT["bidi-override"], "A" * 100_000, "%", "\\"])
def test_hostile_searches_answer_a_page_not_a_5xx(client, site, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code in (200, 400)
    assert not executable(response.content.decode())

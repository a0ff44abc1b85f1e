"""The read API over HTTP: public caching, ETags, no cookies, the rate limit, the schema and docs."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import ReactionKind
from tests import factories

from .conftest import API, get

pytestmark = pytest.mark.django_db

PROXY = "10.9.0.1"


@pytest.fixture
def content(db):
    listicle = factories.PublishedListicleFactory(slug="live")
    listicle.tags.add("romance")
    entry = factories.full_entry(listicle)
    role = entry.featuring.first()
    return {
        "/articles": listicle,
        f"/articles/{listicle.pk}": listicle,
        "/articles/by-slug/live": listicle,
        f"/articles/{listicle.pk}/reactions": listicle,
        "/search?q=Listicle": listicle,
        "/tags": listicle,
        "/dramas": role.drama,
        f"/dramas/{role.drama.slug}": role.drama,
        "/actors": role.actor,
        f"/actors/{role.actor.slug}": role.actor,
        "/openapi.json": None,
        "/docs": None,
    }


def test_every_answer_is_public_with_a_strong_etag_like_the_pages(client, content, settings):
    settings.PAGE_CACHE_SECONDS = 10
    page = client.get("/")
    for path in content:
        response = get(client, path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == page["Cache-Control"], path
        assert response["Cache-Control"] == "public, max-age=10, s-maxage=10, stale-while-revalidate=30"
        assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"]), path  # strong: no W/


def test_a_matching_if_none_match_answers_304_and_a_change_a_new_etag(client, content):
    path = f"/articles/{content['/articles'].pk}"
    first = get(client, path)
    again = get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert get(client, path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    listicle = content["/articles"]
    listicle.title = "A new title"
    listicle.save()
    changed = get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_reaction_counts_change_the_etag(client, content):
    listicle = content["/articles"]
    path = f"/articles/{listicle.pk}/reactions"
    before = get(client, path)["ETag"]
    listicle.reactions.create(kind=ReactionKind.objects.get(slug="love"), reader="someone")
    assert get(client, path, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_no_cookie_no_session_and_no_vary_on_cookie_even_for_a_signed_in_reader(client, content):
    client.force_login(factories.UserFactory(username="signed-in"))
    client.cookies["csrftoken"] = "x" * 32
    for path in content:
        response = get(client, path)
        assert response.status_code == 200, path
        assert not response.cookies, path
        assert "Set-Cookie" not in response.headers, path
        assert "Cookie" not in response.get("Vary", ""), path
        assert "public" in response["Cache-Control"], path


def test_refusals_are_never_stored(client, content):
    for path in ("/articles?limit=0", "/articles?cursor=bad", "/articles/999999", "/nothing"):
        response = get(client, path)
        assert response.status_code in (400, 404, 422), path
        assert response["Cache-Control"] == "private, no-store", path
        assert "ETag" not in response, path


def test_page_cache_seconds_0_makes_clients_revalidate(client, content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = get(client, "/articles")
    assert response["Cache-Control"] == "no-cache"
    assert get(client, "/articles", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.fixture
def behind_nginx(settings, time_machine):
    """Three requests a minute, counted per client behind the proxy; the clock stands still, so
    that a slow run cannot cross into the next minute's count halfway through a test."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []
    settings.API_RATE_PER_IP = 3
    time_machine.move_to(timezone.now(), tick=False)


def from_address(address):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_past_the_limit_an_address_gets_429_with_retry_after_and_others_do_not(content, behind_nginx):
    reader, other = from_address("198.51.100.7"), from_address("203.0.113.9")
    for path in ("/articles", "/tags", "/openapi.json"):  # every address of the API counts
        assert get(reader, path).status_code == 200
    refused = get(reader, "/dramas")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert (
        refused.json()["error"]
        == f"Too many requests from this address: try again in {refused['Retry-After']} seconds."
    )
    assert refused["Cache-Control"] == "private, no-store"
    assert not refused.cookies
    assert get(reader, "/articles", HTTP_IF_NONE_MATCH='"x"').status_code == 429  # a revalidation counts too
    assert get(other, "/articles").status_code == 200  # nginx's address is not one bucket for all


def test_the_limit_comes_back_after_its_minute(content, behind_nginx, time_machine):
    reader = from_address("198.51.100.7")
    for _ in range(3):
        get(reader, "/articles")
    refused = get(reader, "/articles")
    assert refused.status_code == 429
    time_machine.shift(int(refused["Retry-After"]) + 1)
    assert get(reader, "/articles").status_code == 200


def test_a_limit_of_0_turns_it_off(content, behind_nginx, settings):
    settings.API_RATE_PER_IP = 0
    reader = from_address("198.51.100.7")
    assert all(get(reader, "/tags").status_code == 200 for _ in range(10))


def test_the_limit_is_read_from_the_environment_with_env_number(monkeypatch):
    from tests.test_settings import manage

    assert "API_RATE_PER_IP='lots' is not a whole number" in manage("check", API_RATE_PER_IP="lots").stderr
    assert manage("check", API_RATE_PER_IP="120").returncode == 0


def test_the_schema_documents_every_operation_and_its_refusals(client):
    schema = get(client, "/openapi.json").json()
    assert schema["info"]["version"] == "1"
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert operations == {
        (f"{API}/articles", "get"),
        (f"{API}/articles/{{article_id}}", "get"),
        (f"{API}/articles/by-slug/{{slug}}", "get"),
        (f"{API}/articles/{{article_id}}/reactions", "get"),
        (f"{API}/search", "get"),
        (f"{API}/dramas", "get"),
        (f"{API}/dramas/{{slug}}", "get"),
        (f"{API}/actors", "get"),
        (f"{API}/actors/{{slug}}", "get"),
        (f"{API}/tags", "get"),
    }
    for path, item in schema["paths"].items():
        assert {"200", "422", "429"} <= set(item["get"]["responses"]), path


def test_the_docs_page_loads_swagger_ui_from_this_site_only(client):
    page = get(client, "/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/static/") for source in sources), sources
    assert "<script>" not in page  # no inline script for the CSP to refuse
    assert '"url": "/api/v1/openapi.json"' in page

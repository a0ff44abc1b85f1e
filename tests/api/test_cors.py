"""Any site's pages may read the API from a browser: GET and HEAD, no credentials, nothing else."""

import pytest

from tests import factories

from .conftest import API, get

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "https://fans.example"}


def preflight(client, path, method="GET", headers=""):
    return client.options(
        API + path,
        HTTP_ORIGIN="https://fans.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


def test_api_answers_may_be_read_by_any_site_and_expose_their_caching_headers(client):
    listicle = factories.PublishedListicleFactory()

    for path in ("/articles", f"/articles/{listicle.pk}", "/search?q=Listicle", "/openapi.json"):
        response = get(client, path, **ORIGIN)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert "Retry-After" in response["Access-Control-Expose-Headers"]
        assert "Access-Control-Allow-Credentials" not in response
        assert "Origin" not in response.get("Vary", "")  # the same bytes for every origin


def test_refusals_are_readable_too_so_a_client_can_show_the_reason(client, settings):
    assert get(client, "/articles/999999", **ORIGIN)["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/nothing-here", **ORIGIN)["Access-Control-Allow-Origin"] == "*"
    settings.API_RATE_PER_IP = 1
    get(client, "/articles", **ORIGIN)
    refused = get(client, "/articles", **ORIGIN)
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_for_a_read_is_answered_with_what_is_allowed(client):
    response = preflight(client, "/articles", headers="if-none-match")

    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0
    assert not response.cookies


def test_a_preflight_for_a_write_is_not_allowed_it(client):
    response = preflight(client, "/articles", method="DELETE")

    assert "DELETE" not in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert client.post(API + "/articles", **ORIGIN).status_code == 405


def test_pages_outside_the_api_are_not_opened_to_other_sites(client):
    factories.PublishedListicleFactory()

    assert "Access-Control-Allow-Origin" not in client.get("/", **ORIGIN)
    response = client.options(
        "/", HTTP_ORIGIN="https://fans.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in response

"""The purge backends against a stub server on loopback: the exact requests each cache's API is
sent, batching, and failures that are reported, never raised."""

import logging
import socket

import pytest

import frontend_cache
from frontend_cache.backends import nginx_cache_file, nginx_cache_key


@pytest.fixture
def cloudflare(site, stub):
    site.FRONTEND_CACHE_BACKENDS = ["cloudflare"]
    site.CLOUDFLARE_ZONE_ID = "zone-123"
    site.CLOUDFLARE_API_TOKEN = "cf-token"
    site.CLOUDFLARE_API_URL = stub.url + "/client/v4"
    return stub


@pytest.fixture
def fastly(site, stub):
    site.FRONTEND_CACHE_BACKENDS = ["fastly"]
    site.FASTLY_SERVICE_ID = "svc-9"
    site.FASTLY_API_KEY = "fastly-key"
    site.FASTLY_API_URL = stub.url
    site.FRONTEND_CACHE_BASE_URLS = [stub.url]  # Fastly is sent PURGE at the page's own address
    return stub


def test_nothing_is_sent_when_no_backend_is_configured(settings, stub):
    settings.FRONTEND_CACHE_BACKENDS = []
    assert not frontend_cache.enabled()
    assert frontend_cache.purge(["/"]) == []
    assert frontend_cache.purge_all() == []
    assert stub.requests == []


def test_cloudflare_purges_files_in_batches_of_thirty_with_the_bearer_token(cloudflare):
    paths = [f"/article/{n}/slug/" for n in range(65)]
    assert frontend_cache.purge(paths) == []
    assert [(r.method, r.path) for r in cloudflare.requests] == [
        ("POST", "/client/v4/zones/zone-123/purge_cache")
    ] * 3
    first = cloudflare.requests[0]
    assert first.headers["Authorization"] == "Bearer cf-token"
    assert first.headers["Content-Type"] == "application/json"
    batches = [r.json()["files"] for r in cloudflare.requests]
    assert [len(batch) for batch in batches] == [30, 30, 5]
    assert sorted(url for batch in batches for url in batch) == sorted(
        f"https://www.example.com{p}" for p in paths
    )
    assert set(first.json()) == {"files"}


def test_cloudflare_purges_everything(cloudflare):
    assert frontend_cache.purge_all() == []
    (request,) = cloudflare.requests
    assert (request.method, request.path, request.json()) == (
        "POST",
        "/client/v4/zones/zone-123/purge_cache",
        {"purge_everything": True},
    )
    assert request.headers["Authorization"] == "Bearer cf-token"


def test_a_refused_cloudflare_batch_is_logged_and_the_next_batches_are_still_sent(cloudflare, caplog):
    cloudflare.answers = [
        (
            400,
            b'{"success": false, "errors": [{"code": 1012, "message": "Request must contain '
            b'one of purge_everything, files"}]}',
        )
    ]
    with caplog.at_level(logging.ERROR, logger="frontend_cache"):
        failures = frontend_cache.purge([f"/p/{n}/" for n in range(40)])
    assert len(cloudflare.requests) == 2
    assert len(failures) == 1
    assert "Cloudflare answered 400: Request must contain one of purge_everything, files" in failures[0]
    assert failures[0] in caplog.text


def test_cloudflare_answering_200_without_success_is_a_failure(cloudflare):
    cloudflare.answers = [(200, b"<html>maintenance</html>")]
    (failure,) = frontend_cache.purge(["/"])
    assert "Cloudflare answered 200: no reason given" in failure


def test_fastly_is_sent_purge_for_each_address_with_its_key(fastly):
    assert frontend_cache.purge(["/", "/article/1/a/?page=2"]) == []
    assert sorted((r.method, r.path) for r in fastly.requests) == [
        ("PURGE", "/"),
        ("PURGE", "/article/1/a/?page=2"),
    ]
    assert {r.headers["Fastly-Key"] for r in fastly.requests} == {"fastly-key"}
    assert {r.headers["Host"] for r in fastly.requests} == {fastly.url.removeprefix("http://")}


def test_fastly_purges_everything_through_its_api(fastly):
    assert frontend_cache.purge_all() == []
    (request,) = fastly.requests
    assert (request.method, request.path) == ("POST", "/service/svc-9/purge_all")
    assert request.headers["Fastly-Key"] == "fastly-key"
    assert request.headers["Accept"] == "application/json"


def test_a_fastly_error_is_reported_for_that_address_only(fastly):
    fastly.answers = [(500, b'{"msg": "boom"}')]
    failures = frontend_cache.purge(["/a/", "/b/"])
    assert len(fastly.requests) == 2
    assert len(failures) == 1 and "Fastly answered 500" in failures[0]


def test_an_unreachable_cache_is_a_failure_not_an_exception(site):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    site.FRONTEND_CACHE_BACKENDS = ["cloudflare"]
    site.CLOUDFLARE_ZONE_ID, site.CLOUDFLARE_API_TOKEN = "z", "t"
    site.CLOUDFLARE_API_URL = f"http://127.0.0.1:{port}"
    (failure,) = frontend_cache.purge(["/"])
    assert "cloudflare: could not purge 1 address(es)" in failure
    assert "URLError" in failure


def test_tracking_parameters_are_left_out_of_purged_addresses(site):
    site.FRONTEND_CACHE_BASE_URLS = ["https://www.example.com", "https://example.com"]
    assert frontend_cache.absolute_urls(
        ["/a/?utm_source=x&page=2&fbclid=1&GCLID=3", "https://m.example.com/b/?utm_x"]
    ) == [
        "https://example.com/a/?page=2",
        "https://m.example.com/b/",
        "https://www.example.com/a/?page=2",
    ]
    with pytest.raises(ValueError, match="neither a path"):
        frontend_cache.absolute_urls(["article/1/"])
    site.FRONTEND_CACHE_BACKENDS = ["cloudflare"]
    assert frontend_cache.purge(["article/1/"]) == [
        "nothing purged: 'article/1/' is neither a path starting with / nor an http(s) URL"
    ]


def test_more_addresses_than_the_limit_purge_everything_in_one_call(cloudflare):
    cloudflare.requests.clear()
    from django.conf import settings

    settings.FRONTEND_CACHE_MAX_URLS = 10
    assert frontend_cache.purge([f"/p/{n}/" for n in range(11)]) == []
    (request,) = cloudflare.requests
    assert request.json() == {"purge_everything": True}


def test_nginx_is_sent_purge_for_each_stored_encoding_with_the_pages_host(site, stub):
    site.FRONTEND_CACHE_BACKENDS = ["nginx"]
    site.FRONTEND_CACHE_NGINX_URL = stub.url
    assert frontend_cache.purge(["/article/1/a/?sort=top"]) == []
    assert [(r.method, r.path, r.headers["Host"], r.headers["Accept-Encoding"]) for r in stub.requests] == [
        ("PURGE", "/article/1/a/?sort=top", "www.example.com", encoding)
        for encoding in ("br", "gzip", "identity")
    ]


def test_nginx_purge_answering_404_means_nothing_was_stored(site, stub):
    site.FRONTEND_CACHE_BACKENDS = ["nginx"]
    site.FRONTEND_CACHE_NGINX_URL = stub.url
    stub.default = (404, b"")
    assert frontend_cache.purge(["/"]) == []
    stub.default = (403, b"")
    assert len(frontend_cache.purge(["/"])) == 3


def test_the_nginx_key_is_the_one_deploy_nginx_conf_stores_a_page_under():
    assert (
        nginx_cache_key("gzip", "https://WWW.Example.com/article/1/a/?page=2")
        == "gzip www.example.com/article/1/a/?page=2"
    )
    assert nginx_cache_key("br", "http://127.0.0.1:8090/") == "br 127.0.0.1:8090/"
    assert nginx_cache_key("identity", "http://[::1]:8080/x") == "identity [::1]:8080/x"
    # md5("br 127.0.0.1:8260/a/") = 72050c66e6d7ae0c029d1928c28f683b, kept by levels=1:2 under b/83/.
    assert nginx_cache_file("/c", "br 127.0.0.1:8260/a/") == "/c/b/83/72050c66e6d7ae0c029d1928c28f683b"


def test_nginx_cache_files_of_each_encoding_are_deleted_and_no_others(site, tmp_path):
    site.FRONTEND_CACHE_BACKENDS = ["nginx"]
    site.FRONTEND_CACHE_NGINX_CACHE_DIR = str(tmp_path)
    stored = {}
    for encoding in ("br", "gzip", "identity"):
        for url in ("https://www.example.com/a/", "https://www.example.com/b/"):
            path = tmp_path.joinpath(nginx_cache_file(str(tmp_path), nginx_cache_key(encoding, url)))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("KEY: " + nginx_cache_key(encoding, url))
            stored[encoding, url] = path
    assert frontend_cache.purge(["/a/?utm_campaign=spring"]) == []
    assert {key for key, path in stored.items() if path.exists()} == {
        (encoding, "https://www.example.com/b/") for encoding in ("br", "gzip", "identity")
    }


def test_purging_everything_from_nginx_leaves_files_it_is_still_writing(site, tmp_path):
    site.FRONTEND_CACHE_BACKENDS = ["nginx"]
    site.FRONTEND_CACHE_NGINX_CACHE_DIR = str(tmp_path)
    kept = tmp_path / "1" / "ab" / "0123456789abcdef0123456789abcdef"
    writing = tmp_path / "1" / "ab" / "0123456789abcdef0123456789abcde1.0000000042"
    kept.parent.mkdir(parents=True)
    kept.write_text("page")
    writing.write_text("half a page")
    assert frontend_cache.purge_all() == []
    assert not kept.exists()
    assert writing.exists()


def test_a_cache_folder_nginx_cannot_be_emptied_from_is_reported(site, tmp_path, monkeypatch):
    site.FRONTEND_CACHE_BACKENDS = ["nginx"]
    site.FRONTEND_CACHE_NGINX_CACHE_DIR = str(tmp_path)

    def refuse(path):
        raise PermissionError(13, "Permission denied", path)

    path = nginx_cache_file(str(tmp_path), nginx_cache_key("gzip", "https://www.example.com/a/"))
    monkeypatch.setattr("os.unlink", refuse)
    failures = frontend_cache.purge(["/a/"])
    assert len(failures) == 3
    assert any(path in failure and "Permission denied" in failure for failure in failures)

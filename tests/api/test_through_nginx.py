"""The read API behind deploy/nginx.conf (run by scripts/nginx_local.py) in front of the live server:
its answers are kept in the page cache like pages, revalidated by ETag, and a 429 never is."""

import http.client
import os
import random
import shutil
import signal
import time
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests import factories
from tests.resilience.test_stateless import free_port, nginx_local

pytestmark = [
    pytest.mark.skipif(shutil.which("nginx") is None, reason="needs nginx (apt-get install nginx)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def nginx(live_server, tmp_path, settings, time_machine):
    """nginx in front of the live server, as deployed (it tells the app the client's address). The
    app's clock stands still: a slow run cannot cross into the next minute's rate-limit count."""
    time_machine.move_to(timezone.now(), tick=False)
    settings.PAGE_CACHE_SECONDS = 600  # what is asserted is the stored copy, not its expiry
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []
    settings.API_RATE_PER_IP = 3
    port = free_port()
    nginx_local.start(tmp_path, port, settings.MEDIA_ROOT, [urlsplit(live_server.url).port])
    try:
        for _ in range(100):
            try:
                request(port, "/healthz", client_address())
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        pid = tmp_path / "nginx.pid"
        if pid.exists():
            os.kill(int(pid.read_text().strip()), signal.SIGQUIT)


def client_address():
    """A loopback address of its own for each reader: nginx passes it on as the client's, so each
    test's rate-limit count starts at nothing, whatever another test or worker counted."""
    return f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"  # noqa: S311


def request(port, path, source, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    connection.request("GET", path, headers={"Accept-Encoding": "identity", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def test_api_answers_are_kept_and_revalidated_like_pages(nginx):
    factories.PublishedListicleFactory(slug="kept")
    reader = client_address()
    status, headers, body = request(nginx, "/api/v1/articles?limit=5", reader)
    assert (status, headers["X-Cache-Status"]) == (200, "MISS")
    status, again, same = request(nginx, "/api/v1/articles?limit=5", reader)
    assert (status, again["X-Cache-Status"], same) == (200, "HIT", body)
    assert again["ETag"] == headers["ETag"]
    assert "Set-Cookie" not in again
    status, _, _ = request(nginx, "/api/v1/articles?limit=5", reader, **{"If-None-Match": headers["ETag"]})
    assert status == 304
    # Tracking parameters share the stored copy; any other parameter is another answer.
    assert request(nginx, "/api/v1/articles?limit=5&utm_source=app", reader)[1]["X-Cache-Status"] == "HIT"


def test_a_429_is_never_stored_and_stored_answers_still_serve_the_limited_client(nginx):
    reader, other = client_address(), client_address()
    for limit in (1, 2, 3):  # three answers the app makes and nginx keeps
        assert request(nginx, f"/api/v1/tags?limit={limit}", reader)[0] == 200
    for _ in range(2):
        status, headers, body = request(nginx, "/api/v1/tags?limit=4", reader)
        assert status == 429 and int(headers["Retry-After"]) >= 1
        assert headers["X-Cache-Status"] != "HIT"
        assert b"Too many requests from this address" in body
    # The same address another client asks for is not the 429 (nothing was stored for it) ...
    status, headers, _ = request(nginx, "/api/v1/tags?limit=4", other)
    assert (status, headers["X-Cache-Status"]) == (200, "MISS")
    # ... and what nginx holds reaches the limited client without costing the app anything.
    status, headers, _ = request(nginx, "/api/v1/tags?limit=1", reader)
    assert (status, headers["X-Cache-Status"]) == (200, "HIT")

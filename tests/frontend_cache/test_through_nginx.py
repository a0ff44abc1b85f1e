"""deploy/nginx.conf's page cache, run by scripts/nginx_local.py in front of a stub app, purged by
the nginx backend: the key it stores pages under is the one the backend deletes."""

import gzip
import http.client
import http.server
import shutil
import subprocess
import threading
import time

import pytest

import frontend_cache
from tests.resilience.test_stateless import free_port, nginx_local

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="needs nginx (apt-get install nginx)")


class App(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a page naming the path and how many pages it rendered."""

    protocol_version = "HTTP/1.1"
    rendered = 0

    def do_GET(self):
        App.rendered += 1
        body = f"<p>{self.path} #{App.rendered}</p>".encode() + b"x" * 2000
        refused = self.path.startswith("/limited/")
        self.send_response(429 if refused else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if refused:  # a refusal marked public by mistake: its Retry-After keeps it out
            self.send_header("Cache-Control", "public, max-age=60, s-maxage=60")
            self.send_header("Retry-After", "30")
        elif self.path.endswith(("/me/", "/m%65/")) or self.path.startswith(("/admin/", "/%61dmin/")):
            self.send_header("Cache-Control", "public, s-maxage=60")  # the name alone keeps them out
        elif self.path.startswith("/cookie/"):
            self.send_header("Cache-Control", "public, s-maxage=60")
            self.send_header("Set-Cookie", "csrftoken=secret")
        else:
            self.send_header("Cache-Control", "public, max-age=60, s-maxage=60")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        """A reader's post: a private JSON answer, as the react and vote endpoints give."""
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"counts": {"love": 1}, "padding": "' + b"x" * 2000 + b'"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "private, no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx")
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = free_port()
    nginx_local.start(work, port, work, [app.server_address[1]])
    try:
        for _ in range(50):
            try:
                get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield port, nginx_local.cache_dir(work)
    finally:
        subprocess.run(["kill", (work / "nginx.pid").read_text().strip()], check=False)  # noqa: S603, S607
        app.shutdown()


def get(port, path, encoding="gzip, deflate, br"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Accept-Encoding": encoding})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.getheader("X-Cache-Status"), response.getheader("Content-Encoding"), body


@pytest.fixture
def purging(settings, nginx):
    """The settings nginx_local.purge_env gives app servers, as the settings module reads them."""
    port, cache_dir = nginx
    env = nginx_local.purge_env(cache_dir.parent, port)
    settings.FRONTEND_CACHE_BACKENDS = env["FRONTEND_CACHE_BACKENDS"].split(",")
    settings.FRONTEND_CACHE_NGINX_CACHE_DIR = env["FRONTEND_CACHE_NGINX_CACHE_DIR"]
    settings.FRONTEND_CACHE_BASE_URLS = env["FRONTEND_CACHE_BASE_URLS"].split(",")
    return port


def test_a_page_is_stored_compressed_once_per_encoding(nginx):
    port, _ = nginx
    first = get(port, "/stored/")
    assert first[0] == "MISS"
    assert get(port, "/stored/")[:2] == ("HIT", "br" if nginx_local.brotli_available() else "gzip")
    assert get(port, "/stored/", "gzip")[:2] == ("MISS", "gzip")
    assert get(port, "/stored/", "gzip")[:2] == ("HIT", "gzip")
    assert get(port, "/stored/", "identity")[:2] == ("MISS", None)
    assert get(port, "/stored/", "identity")[:2] == ("HIT", None)


def test_tracking_parameters_share_the_entry_other_parameters_do_not(nginx):
    port, _ = nginx
    _, _, page = get(port, "/shared/", "identity")
    assert get(port, "/shared/?utm_source=news&utm_medium=email&fbclid=abc", "identity") == (
        "HIT",
        None,
        page,
    )
    assert get(port, "/shared/?gclid=1", "identity")[0] == "HIT"
    assert get(port, "/shared/?page=2", "identity")[0] == "MISS"
    assert get(port, "/shared/?utm_campaign=x&page=2", "identity")[0] == "HIT"
    assert get(port, "/shared/?page=2&utm_content=y", "identity")[0] == "HIT"


def test_private_addresses_and_cookies_are_never_stored(nginx):
    port, _ = nginx
    for path in (
        "/article/1/a/me/",
        "/accounts/me/",
        "/admin/",
        "/article/1/a/confirm/react/",
        "/preview/x/",
        "/%61dmin/",  # /admin/, as the app decodes it
        "/article/1/a/m%65/",
    ):
        assert [get(port, path)[0] for _ in range(2)] == ["BYPASS", "BYPASS"], path
    assert [get(port, "/cookie/")[0] for _ in range(2)] == ["MISS", "MISS"]


def test_private_answers_and_posts_are_compressed_too(nginx):
    """What the cache never keeps goes straight to the app servers, and is still compressed."""
    port, _ = nginx
    for path in ("/article/1/a/me/", "/admin/"):
        status, encoding, body = get(port, path, "gzip")
        assert (status, encoding) == ("BYPASS", "gzip"), path
        assert gzip.decompress(body).startswith(f"<p>{path} #".encode())
        assert get(port, path, "identity")[1] is None
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("POST", "/article/1/a/react/", body=b"kind=love", headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert (response.status, response.getheader("Content-Encoding")) == (200, "gzip")
    assert gzip.decompress(body).startswith(b'{"counts"')


def test_an_answer_with_retry_after_is_never_stored(nginx):
    port, _ = nginx
    assert [get(port, "/limited/")[0] for _ in range(2)] == ["MISS", "MISS"]


def test_the_nginx_backend_purges_the_page_in_every_encoding(purging):
    port = purging
    for encoding in ("br", "gzip", "identity"):
        get(port, "/purged/?page=3", encoding)
        assert get(port, "/purged/?page=3", encoding)[0] == "HIT"
    get(port, "/other/")
    assert frontend_cache.purge(["/purged/?page=3&utm_source=x"]) == []
    for encoding in ("br", "gzip", "identity"):
        assert get(port, "/purged/?page=3", encoding)[0] == "MISS"
    assert get(port, "/other/")[0] == "HIT"


def test_purging_everything_empties_the_nginx_cache(purging):
    port = purging
    get(port, "/one/")
    get(port, "/two/")
    assert frontend_cache.purge_all() == []
    assert get(port, "/one/")[0] == "MISS"
    assert get(port, "/two/")[0] == "MISS"


def test_a_public_view_that_read_the_session_is_not_marked_public(rf):
    """nginx ignores Vary (its key holds the encoding), so the app never marks public a page that
    varies by cookie."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse

    from articles.public import public_page

    @public_page
    def personal(request):
        request.session.get("anything")
        return HttpResponse("hello")

    request = rf.get("/")
    response = SessionMiddleware(personal)(request)
    assert "Cookie" in response["Vary"]
    assert "public" not in response.get("Cache-Control", "")

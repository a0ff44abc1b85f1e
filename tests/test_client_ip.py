"""The client's address behind nginx: X-Forwarded-For is believed only as far as the trusted proxies
vouch for it, and django-axes, allauth and django-ratelimit all count per that address."""

import ast
import http.client
import http.server
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from reactions.models import Reaction
from soompi.client_ip import client_ip
from tests import factories
from tests.reader_posts import fresh_address, react

ROOT = Path(__file__).resolve().parent.parent
PROXY = "10.9.0.1"
PASSWORD = "correct horse battery staple"


def address(remote="127.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []


@pytest.fixture
def behind_proxy_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.9.0.0/24", "fd00::/8"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    assert address("203.0.113.5", "198.51.100.7") == "203.0.113.5"


def test_one_trusted_proxy_gives_the_address_it_wrote(behind_nginx):
    assert address(PROXY, "198.51.100.7") == "198.51.100.7"


def test_spoofed_leftmost_entries_are_ignored(behind_nginx):
    assert address(PROXY, "1.2.3.4, 6.6.6.6, 198.51.100.7") == "198.51.100.7"


def test_two_trusted_proxies_count_two_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address(PROXY, "6.6.6.6, 198.51.100.7, 10.9.0.9") == "198.51.100.7"
    # Came past one proxy only (no CDN in front): its one entry was still written by ours.
    assert address(PROXY, "198.51.100.7") == "198.51.100.7"


def test_trusted_networks_walk_back_past_the_proxies(behind_proxy_network):
    assert address(PROXY, "6.6.6.6, 198.51.100.7, 10.9.0.2") == "198.51.100.7"
    assert address("fd00::1", "2001:db8::7") == "2001:db8::7"


def test_a_request_from_outside_the_trusted_networks_cannot_forge_its_address(behind_proxy_network, settings):
    assert address("203.0.113.5", "198.51.100.7") == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert address("203.0.113.5", "198.51.100.7") == "203.0.113.5"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("", PROXY),
        ("   ", PROXY),
        ("unknown", PROXY),
        ("not an address, <script>", PROXY),
        ("198.51.100.7:4711", "198.51.100.7"),
        ("[2001:db8::7]:4711", "2001:db8::7"),
        ("1.2.3.4, garbage", PROXY),
        ("\x00", PROXY),
    ],
)
def test_a_malformed_header_falls_back_safely(behind_nginx, forwarded, expected):
    assert address(PROXY, forwarded) == expected


@pytest.mark.parametrize("remote", ["", "garbage", None])
def test_no_usable_remote_address_still_answers_an_address(behind_nginx, remote):
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = remote
    assert client_ip(request) == "0.0.0.0"


def test_a_hostile_header_never_fails_a_page(client, behind_nginx, db):
    for value in ["", "x" * 4000, ",,,,", "1.2.3.4," * 500, "[::1", "]:80"]:
        response = client.get("/healthz", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=value)
        assert response.status_code == 200


def test_a_bad_trusted_network_stops_the_app_naming_the_variable():
    from tests.test_settings import manage

    result = manage("check", TRUSTED_PROXIES="10.0.0.0/8,not-a-net")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr


# The libraries count per derived address: two readers behind the proxy are limited separately.


def behind(forwarded):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(title="Confessions", slug="confessions")
    factories.full_entry(listicle, position=0)
    return listicle


def test_reaction_limits_count_per_client_behind_the_proxy(article, behind_nginx, settings):
    settings.READER_POST_RATE_PER_IP = "3/h"
    crowd, other = fresh_address(), fresh_address()
    for _ in range(3):
        assert react(behind(crowd), article, "love").status_code == 303
    assert react(behind(crowd), article, "love").status_code == 429
    # The other reader behind the same proxy, and a forged header on the limited one, are not confused.
    assert react(behind(other), article, "love").status_code == 303
    assert react(behind(f"{other}, {crowd}"), article, "love").status_code == 429
    assert Reaction.objects.count() == 4


@pytest.fixture
def editor_account(db):
    return factories.UserFactory(username="chief", is_staff=True, is_superuser=True)


def admin_login(client, password):
    """The admin's sign-in: allauth's page, by username (`/admin/login/` sends there)."""
    return client.post("/accounts/login/?next=/admin/", {"login": "chief", "password": password})


def test_axes_locks_the_attackers_address_not_the_editors(editor_account, behind_nginx, settings):
    attacker, editor = behind(fresh_address()), behind(fresh_address())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(attacker, "wrong")
    assert admin_login(attacker, PASSWORD).status_code == 429

    assert admin_login(editor, PASSWORD).status_code == 302
    assert "_auth_user_id" in editor.session


def test_axes_records_the_client_address_not_the_proxys(editor_account, behind_nginx):
    from axes.models import AccessAttempt

    where = fresh_address()
    admin_login(behind(where), "wrong")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [where]


@pytest.fixture
def reader_account(db):
    return factories.reader_account("Mina", username="mina", email="mina@example.com")


def reader_login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_allauths_per_address_limit_counts_each_reader_behind_the_proxy(reader_account, behind_nginx):
    """11 wrong sign-ins from one address used to refuse every reader of the site for a minute."""
    guesser = behind(fresh_address())
    for n in range(11):
        reader_login(guesser, f"someone{n}@example.com", "wrong")
    refused = reader_login(guesser, "mina@example.com", PASSWORD)
    assert "_auth_user_id" not in guesser.session
    assert refused.status_code == 429 or "Too many failed login attempts" in refused.content.decode()

    reader = behind(fresh_address())
    assert reader_login(reader, "mina@example.com", PASSWORD).status_code == 302
    assert "_auth_user_id" in reader.session


def test_allauth_sees_the_derived_address(behind_nginx, rf):
    from allauth.account.adapter import get_adapter

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.7"


def test_no_application_code_reads_remote_addr_but_the_client_address_module():
    """Every per-address rule must ask soompi.client_ip, or it counts nginx as one reader."""
    offenders = []
    for path in ROOT.glob("[a-z]*/**/*.py"):
        # Tests and the bench's WSGI driver build requests; they are not the application.
        if {".venv", "tests", "bench"} & set(path.relative_to(ROOT).parts) or path.name == "client_ip.py":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)]
        if "REMOTE_ADDR" in strings:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


class EchoForwardedFor(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = (self.headers.get("X-Forwarded-For") or "").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.skipif(shutil.which("nginx") is None, reason="needs nginx (apt-get install nginx)")
def test_deploy_nginx_conf_overwrites_a_forged_forwarded_for(tmp_path):
    """The app believes one entry: nginx must write it from the connection, whatever the client sent."""
    from tests.resilience.test_stateless import free_port, nginx_local

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoForwardedFor)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    nginx_local.start(tmp_path, port, tmp_path, [upstream.server_address[1]])
    try:
        for _ in range(50):
            try:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=5, source_address=("127.0.0.5", 0)
                )
                connection.request("GET", "/", headers={"X-Forwarded-For": "6.6.6.6"})
                seen = connection.getresponse().read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert seen == "127.0.0.5"
    finally:
        subprocess.run(["kill", (tmp_path / "nginx.pid").read_text().strip()], check=False)  # noqa: S603, S607
        upstream.shutdown()

"""The link checker against a partner's site on loopback (`tests/dramas/link_stub.py`): what it
reports is what the site answered, politely spaced, retried once, never reading a body."""

import time

import pytest

from dramas.link_checker import (
    CONNECTION,
    DNS,
    REDIRECTS,
    REFUSED,
    SCHEME,
    TIMEOUT,
    TLS,
    HostSpacing,
    LinkChecker,
    describe,
)

from .link_stub import SLOW_SECONDS, FakeClock, Stub


@pytest.fixture(scope="module")
def stub():
    with Stub() as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_log(stub):
    stub.log.clear()
    stub.clock = time.monotonic


def checker(clock=None, *, spacing=0, backoff=0, read_timeout=0.4, max_redirects=3):
    timing = {"clock": clock, "sleep": clock.sleep} if clock else {}
    return LinkChecker(
        connect_timeout=1,
        read_timeout=read_timeout,
        spacing=HostSpacing(spacing, **timing),
        max_redirects=max_redirects,
        retry_backoff=backoff,
        user_agent="Soompi link checker (+http://testserver)",
        **({"sleep": clock.sleep} if clock else {}),
    )


@pytest.mark.parametrize(
    ("path", "status", "final_path"),
    [
        ("/ok", "200", "/ok"),
        ("/moved", "200", "/ok"),
        ("/missing", "404", "/missing"),
        ("/error", "500", "/error"),
        ("/no-head", "200", "/no-head"),
    ],
)
def test_the_status_recorded_is_the_final_answer_of_the_site(stub, path, status, final_path):
    outcome = checker().check(stub.url(path))

    assert (outcome.status, outcome.final_url) == (status, stub.url(final_path))
    assert outcome.ok is (status == "200")


def test_a_working_link_costs_one_head_request_and_no_get(stub):
    checker().check(stub.url("/ok"))

    assert stub.log == [("HEAD", "/ok", f"127.0.0.1:{stub.port}", stub.log[0][3])]


def test_head_refused_with_405_falls_back_to_get(stub):
    checker().check(stub.url("/no-head"))

    assert [method for method, _at in stub.requests_to("/no-head")] == ["HEAD", "GET"]


def test_a_redirect_is_followed_with_the_same_method(stub):
    checker().check(stub.url("/moved"))

    assert [(method, path) for method, path, _host, _at in stub.log] == [("HEAD", "/moved"), ("HEAD", "/ok")]


def test_a_site_answering_later_than_the_read_timeout_is_a_timeout(stub):
    started = time.monotonic()
    outcome = checker(read_timeout=0.3).check(stub.url("/slow"))

    assert outcome.status == TIMEOUT and not outcome.ok
    assert describe(outcome.status) == "No answer in time (timeout)"
    # HEAD, GET, and both again once: each gave up at the timeout, not when the site answered.
    assert [method for method, _at in stub.requests_to("/slow")] == ["HEAD", "GET", "HEAD", "GET"]
    assert time.monotonic() - started < 4 * SLOW_SECONDS


def test_get_reads_the_headers_and_never_the_body(stub):
    started = time.monotonic()
    outcome = checker().check(stub.url("/no-head-big"))

    assert outcome.status == "200"
    assert time.monotonic() - started < 1  # the 50 MB body would take the stub four seconds to send


def test_too_many_redirects_and_a_redirect_leaving_the_web_are_failures(stub):
    looping = checker(max_redirects=3).check(stub.url("/loop"))
    leaving = checker().check(stub.url("/to-ftp"))

    assert looping.status == REDIRECTS and not looping.ok
    assert len(stub.requests_to("/loop")) == 4  # the first request and three redirects; no GET, no retry
    assert (leaving.status, leaving.final_url) == (SCHEME, "ftp://files.example/drama.mp4")
    assert not leaving.ok


def test_an_address_that_is_not_http_is_never_requested(stub):
    for address in ("ftp://files.example/x", "javascript:alert(1)", "https:///no-host", "http://host:port/"):
        assert checker().check(address).status == SCHEME
    assert stub.log == []


def test_connection_errors_are_named(stub):
    closed = next(port for port in range(18159, 18139, -1) if port != stub.port)

    assert checker().check(f"http://127.0.0.1:{closed}/").status == REFUSED
    assert checker().check("http://no-such-host.invalid/").status == DNS
    assert checker().check(f"https://127.0.0.1:{stub.port}/ok").status == TLS  # TLS to a plain-HTTP port
    assert describe(REFUSED) == "Connection refused (refused)"
    assert describe(CONNECTION) == "Connection failed (connection)"
    assert describe("404") == "HTTP 404"


def test_an_answer_that_may_pass_is_retried_once_after_the_backoff(stub):
    clock = FakeClock()
    stub.clock = clock
    stub.flaky_failures = 2

    outcome = checker(clock, backoff=30).check(stub.url("/flaky"))

    assert outcome.status == "200"
    assert [(method, at - 1000) for method, at in stub.requests_to("/flaky")] == [
        ("HEAD", 0),
        ("GET", 0),
        ("HEAD", 30),
    ]


def test_a_site_still_failing_after_the_retry_is_reported_with_its_last_answer(stub):
    clock = FakeClock()
    stub.flaky_failures = 10

    outcome = checker(clock, backoff=30).check(stub.url("/flaky"))

    assert outcome.status == "503"
    assert len(stub.requests_to("/flaky")) == 4 and clock.sleeps == [30]


def test_a_404_is_not_retried(stub):
    clock = FakeClock()

    assert checker(clock, backoff=30).check(stub.url("/missing")).status == "404"
    assert len(stub.requests_to("/missing")) == 2 and clock.sleeps == []


def test_no_two_requests_reach_one_host_within_the_spacing(stub):
    clock = FakeClock()
    stub.clock = clock
    polite = checker(clock, spacing=5)

    for path in ("/ok", "/no-head", "/moved"):
        polite.check(stub.url(path))
    polite.check(stub.url("/ok", host="localhost"))  # another host: no wait for it

    times = [at for _m, _p, host, at in stub.log if host.startswith("127.0.0.1")]
    assert [method for method, _p, _h, _a in stub.log] == ["HEAD", "HEAD", "GET", "HEAD", "HEAD", "HEAD"]
    assert all(later - earlier >= 5 for earlier, later in zip(times, times[1:], strict=False))
    assert [at for _m, _p, host, at in stub.log if host.startswith("localhost")] == [times[-1]]


def test_spacing_counts_from_the_last_request_not_from_the_start(stub):
    clock = FakeClock()
    spacing = HostSpacing(5, clock=clock, sleep=clock.sleep)

    spacing.wait("a:80")
    clock.now += 3  # a slow answer
    spacing.wait("a:80")
    spacing.wait("b:80")

    assert clock.sleeps == [2]

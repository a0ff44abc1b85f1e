"""Asking a partner's site whether a Watch Now address still works, politely.

`LinkChecker.check(url)` sends HEAD and, when HEAD is refused (405, 501) or does not end in a
working answer, GET; it follows up to `max_redirects` redirects by hand, so that it never leaves
http(s) and the status it reports is the final one. A request has a connect and a read timeout,
and no body is ever read (GET stops after the headers). A check whose answer may pass (a timeout,
a refused or dropped connection, a 5xx, 429) is tried once more after `retry_backoff` seconds.
No two requests go to one host within `HostSpacing.seconds`, whatever mix of links, redirects,
fallbacks and retries asks for them.

What a check finds is an `Outcome`: the final HTTP status as digits ("200", "404"), or why there was
none (`TIMEOUT`, `DNS`, `REFUSED`, `TLS`, `CONNECTION`, `REDIRECTS`: too many, `SCHEME`: a link or
redirect leaving http(s)). It knows nothing of the database; `dramas.link_health` records it.
"""

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3 import exceptions

TIMEOUT = "timeout"
DNS = "dns"
REFUSED = "refused"
TLS = "tls"
CONNECTION = "connection"
REDIRECTS = "redirects"
SCHEME = "scheme"

ERROR_LABELS = {
    TIMEOUT: "No answer in time",
    DNS: "Host name not found",
    REFUSED: "Connection refused",
    TLS: "TLS / certificate error",
    CONNECTION: "Connection failed",
    REDIRECTS: "Too many redirects",
    SCHEME: "Redirects away from the web",
}

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
REFUSED_METHOD = {405, 501}
# Errors and statuses that may pass: worth one retry.
PASSING = {TIMEOUT, REFUSED, CONNECTION, DNS}
PASSING_STATUSES = {408, 429}
# Failures GET would meet just the same: no fallback.
METHOD_BLIND = {DNS, TLS, SCHEME, REDIRECTS}


def describe(status):
    """What an editor reads for a recorded status: "404", "No answer in time (timeout)"."""
    if not status:
        return "Not checked yet"
    label = ERROR_LABELS.get(status)
    return f"{label} ({status})" if label else f"HTTP {status}"


@dataclass(frozen=True)
class Outcome:
    status: str
    final_url: str

    @property
    def code(self):
        return int(self.status) if self.status.isdigit() else None

    @property
    def ok(self):
        return self.code is not None and self.code < 400

    @property
    def may_pass(self):
        code = self.code
        if code is None:
            return self.status in PASSING
        return code >= 500 or code in PASSING_STATUSES


class HostSpacing:
    """Keeps `seconds` between the starts of two requests to one host. `clock` and `sleep` are
    `time.monotonic` and `time.sleep` unless a test hands in its own."""

    def __init__(self, seconds, *, clock=time.monotonic, sleep=time.sleep):
        self.seconds = seconds
        self.clock = clock
        self.sleep = sleep
        self.last = {}

    def wait(self, host):
        started = self.last.get(host)
        if started is not None:
            remaining = started + self.seconds - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last[host] = self.clock()


def host_of(url):
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


def is_web_address(url):
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class LinkChecker:
    def __init__(
        self,
        *,
        connect_timeout,
        read_timeout,
        spacing,
        max_redirects,
        retry_backoff,
        user_agent,
        sleep=time.sleep,
    ):
        self.timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
        self.spacing = spacing
        self.max_redirects = max_redirects
        self.retry_backoff = retry_backoff
        self.sleep = sleep
        self.pool = urllib3.PoolManager(
            retries=False,
            timeout=self.timeout,
            headers={"User-Agent": user_agent, "Accept": "*/*", "Connection": "close"},
        )

    def check(self, url):
        outcome = self.attempt(url)
        if outcome.may_pass:
            self.sleep(self.retry_backoff)
            outcome = self.attempt(url)
        return outcome

    def attempt(self, url):
        """HEAD, then GET unless HEAD worked or GET could do no better."""
        head = self.follow("HEAD", url)
        if head.ok or head.status in METHOD_BLIND:
            return head
        return self.follow("GET", url)

    def follow(self, method, url):
        for _hop in range(self.max_redirects + 1):
            if not is_web_address(url):
                return Outcome(SCHEME, url)
            self.spacing.wait(host_of(url))
            status, location = self.request(method, url)
            if status not in REDIRECT_STATUSES or not location:
                return Outcome(str(status) if isinstance(status, int) else status, url)
            url = urljoin(url, location)
        return Outcome(REDIRECTS, url)

    def request(self, method, url):
        """(status, Location header) of one request, or (error kind, None); the body is never read."""
        try:
            response = self.pool.request(method, url, redirect=False, preload_content=False)
        except exceptions.NameResolutionError:
            return DNS, None
        except exceptions.NewConnectionError as error:  # before its parent ConnectTimeoutError
            refused = isinstance(error.__cause__ or error.__context__, ConnectionRefusedError)
            return (REFUSED if refused or "refused" in str(error).lower() else CONNECTION), None
        except (exceptions.ConnectTimeoutError, exceptions.ReadTimeoutError):
            return TIMEOUT, None
        except exceptions.SSLError:
            return TLS, None
        except (exceptions.HTTPError, OSError):
            return CONNECTION, None
        try:
            return response.status, response.headers.get("Location")
        finally:
            response.close()  # closes the connection too: the body stays unread
            response.release_conn()

"""What a browser does against a running site, for the fault and cluster scripts (no Django import).

Production cookies are Secure, and the scripts speak plain HTTP on loopback, so the cookies a
response sets are kept by hand and sent back as a browser behind TLS would. A browser may connect
from another loopback address (`source="127.0.0.2"`: Linux answers the whole 127.0.0.0/8), so one
machine plays readers at several addresses.
"""

import http.cookiejar
import json
import os
import re
import sys
import time
from pathlib import Path

import pyotp
import requests
from requests.adapters import HTTPAdapter

EDITOR = ("editor", "soompi-editor-demo")
# The demo editor's authenticator app: the secret services.sh gives the account (app_prepare).
EDITOR_APP = pyotp.TOTP(os.environ["EDITOR_TOTP_SECRET"]) if os.environ.get("EDITOR_TOTP_SECRET") else None
SIGN_IN = "/accounts/login/"
SECOND_STEP = "/accounts/2fa/authenticate/"


class SourceAddressAdapter(HTTPAdapter):
    """Connections made from `source` (an address of this machine) rather than the default one."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


FAILED = []  # the names of the checks that failed: a script exits 1 when any did


def check(name, ok, figures=""):
    """Print one check's outcome as the scripts' logs read it, and remember a failure."""
    print(f"{'ok' if ok else 'NOT OK'}: {name}{f' ({figures})' if figures else ''}", flush=True)
    if not ok:
        FAILED.append(name)


def session_from(source=None):
    session = requests.Session()
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))  # kept by hand
    if source:
        adapter = SourceAddressAdapter(source)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


EDITOR_SOURCE = "127.0.0.9"


class Browser:
    def __init__(self, base, source=None):
        self.base = base.rstrip("/")
        self.cookies = {}
        self.http = session_from(source)

    def keep(self, response):
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, path, base=None, **kwargs):
        url = (base or self.base) + path
        response = self.http.get(url, cookies=self.cookies, allow_redirects=False, timeout=10, **kwargs)
        return self.keep(response)

    def post(self, path, data, base=None, **kwargs):
        base = base or self.base
        token = self.cookies.get("csrftoken") or self.csrf(base)
        headers = {"X-CSRFToken": token, "Origin": base, **kwargs.pop("headers", {})}
        return self.keep(
            self.http.post(
                base + path,
                data,
                cookies=self.cookies,
                headers=headers,
                allow_redirects=False,
                timeout=10,
                **kwargs,
            )
        )

    def csrf(self, base):
        self.get(SIGN_IN, base)
        return self.cookies.get("csrftoken", "")

    def password_step(self, password=EDITOR[1], base=None, **kwargs):
        """The editor's name and `password` on the one sign-in page, as the admin's sign-in sends there."""
        data = {"login": EDITOR[0], "password": password}
        return self.post(f"{SIGN_IN}?next=/admin/", data, base, **kwargs)

    def sign_in(self, base=None):
        """The editor signs in for the admin: password, then the authenticator app's code. A code
        signs in once, and another script may have typed this one: the next (or the one before,
        which the site still takes) is tried then. The last answer: 302 to /admin/ when signed in."""
        response = self.password_step(base=base)
        if response.status_code != 302 or not response.headers["Location"].startswith(SECOND_STEP):
            return response
        assert EDITOR_APP is not None, "EDITOR_TOTP_SECRET is not set (scripts/services.sh sets it)"
        now = time.time()
        for moment in (now, now + EDITOR_APP.interval, now - EDITOR_APP.interval):
            response = self.post(SECOND_STEP, {"code": EDITOR_APP.at(moment)}, base)
            if response.status_code == 302:
                break
        return response

    def login(self, base=None):
        response = self.sign_in(base)
        if response.status_code != 302 or response.headers["Location"] != "/admin/":
            said = re.findall(r'<(?:li|p|div)[^>]*class="[^"]*error[^"]*"[^>]*>\s*([^<]+)', response.text)
            reason = said or response.text[:200]
            raise AssertionError(f"sign-in answered {response.status_code} {response.url}: {reason!r}")
        return response

    def signed_in(self, base=None):
        return self.get("/admin/", base).status_code == 200


def form(browser, path, form_id, base, **changes):
    """The admin form at `path` as a browser would submit it, with `changes` typed over it."""
    from tests.admin_forms import SubmittedValues

    parser = SubmittedValues(form_id)
    parser.feed(browser.get(path, base).text)
    data = {}
    for name, value in parser.values:
        if "__prefix__" not in name and name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return {**data, **{k: [v] for k, v in changes.items()}}


def article_path(base):
    page = requests.get(base + "/", timeout=10).text
    return re.search(r'href="(/article/\d+/[\w-]+/)"', page).group(1)


def react(base, kind="love", browser=None):
    """Posts a reaction as a new (or the given) reader; the JSON answer, or the status."""
    browser = browser or Browser(base)
    browser.get(article_path(base))
    response = browser.post(
        article_path(base) + "react/", {"kind": kind}, headers={"Accept": "application/json"}
    )
    return response.status_code, (response.json() if response.status_code == 200 else None)


def watch(base, path, seconds):
    """Polls a page for `seconds`: which statuses came back, and how the 503s looked."""
    seen, friendly, retry_after, started = {}, True, set(), time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            response = requests.get(base + path, timeout=5, allow_redirects=False)
            status = response.status_code
            if status == 503:
                friendly &= path == "/healthz" or "back in a moment" in response.text
                retry_after.add(response.headers.get("Retry-After"))
        except requests.RequestException:
            status = "no answer"
        seen[str(status)] = seen.get(str(status), 0) + 1
        time.sleep(0.1)
    return {"statuses": seen, "friendly_503": friendly, "retry_after": sorted(filter(None, retry_after))}


def until(base, path, status, seconds=60):
    """Seconds until `path` answers `status`, or -1."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if requests.get(base + path, timeout=5).status_code == status:
                return round(time.monotonic() - started, 1)
        except requests.RequestException:
            pass
        time.sleep(0.1)
    return -1


if __name__ == "__main__":
    command, base, *rest = sys.argv[1:]
    if command == "watch":
        print(json.dumps(watch(base, rest[0], float(rest[1]))))
    elif command == "until":
        print(until(base, rest[0], int(rest[1])))
    elif command == "react":
        print(json.dumps(react(base, *rest)))
    elif command == "login":  # probe.py login BASE COOKIES.json
        # The editor is a client of their own: the load's readers sign in from 127.0.0.1, and the
        # sign-in page limits sign-ins per address (allauth's rate limits).
        browser = Browser(base, EDITOR_SOURCE)
        browser.login()
        Path(rest[0]).write_text(json.dumps(browser.cookies))
    elif command == "signed-in":  # probe.py signed-in BASE COOKIES.json: "yes" or "no"
        browser = Browser(base)
        browser.cookies = json.loads(Path(rest[0]).read_text())
        print("yes" if browser.signed_in() else "no")

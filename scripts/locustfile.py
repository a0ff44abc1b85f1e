"""Readers under load: 90% page reads, 8% reactions and votes, each from a new anonymous reader, and
2% comments, each from a reader account (made by scripts/targets.py) that signed in through
/accounts/login/. Each article read is reported as a page view as reader.js does (`me/?view=1`),
one in ten with a robot's User-Agent. Every acknowledged write is exactly one new row: a comment is
acknowledged by its 201, whether it went up or waits for moderation (a new account's first comments
do); every view acknowledged to a browser is counted once, and no robot's.

The scripts raise COMMENT_RATE_PER_USER and COMMENT_RATE_PER_IP for the run: a few accounts post
many comments from one address, which the production limits would refuse.

Environment: LOAD_TARGETS (scripts/targets.py output), LOAD_RESULT (where the figures are written).
"""

import json
import os
import random
import threading
import time
from collections import Counter
from pathlib import Path

from locust import HttpUser, between, events, task

TARGETS = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text())
RESULT = os.environ.get("LOAD_RESULT", "load-result.json")

lock = threading.Lock()
statuses = Counter()
acknowledged = Counter()
attempted = Counter()  # writes sent: one still in flight when the load stops may land unacknowledged
started = time.monotonic()
# Page views reported, by article id: sent by browsers, answered 200 to them, and sent by robots.
views = {"sent": Counter(), "acknowledged": Counter(), "robot sent": Counter()}
ROBOT_SHARE = 0.1
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
ROBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@events.request.add_listener
def count_status(request_type, name, response_time, response_length, response=None, exception=None, **kw):
    status = getattr(response, "status_code", None) or ("error" if exception else 0)
    with lock:
        statuses[str(status)] += 1


@events.test_start.add_listener
def start(environment, **kw):
    global started
    started = time.monotonic()


@events.quitting.add_listener
def write_result(environment, **kw):
    total = environment.stats.total
    elapsed = max(time.monotonic() - started, 0.001)
    result = {
        "requests": total.num_requests,
        "seconds": round(elapsed, 1),
        "throughput": round(total.num_requests / elapsed, 1),
        "p50_ms": total.get_response_time_percentile(0.5),
        "p99_ms": total.get_response_time_percentile(0.99),
        "statuses": dict(statuses),
        "server_errors": sum(n for s, n in statuses.items() if s.isdigit() and int(s) >= 500),
        "acknowledged": dict(acknowledged),
        "attempted": dict(attempted),
        "views": {kind: dict(counts) for kind, counts in views.items()},
    }
    with open(RESULT, "w") as file:
        json.dump(result, file, indent=1)


class Reader(HttpUser):
    wait_time = between(0, 0.05)

    def on_start(self):
        self.csrf = ""
        self.session = None  # cookies of this simulated reader's signed-in account
        self.account = random.choice(TARGETS["readers"]) if TARGETS.get("readers") else None

    def csrf_token(self):
        """The CSRF cookie of an article's private me/ answer, as reader.js gets it (fetched again if
        the site was down when last asked)."""
        if not self.csrf:
            article = next(p for p in TARGETS["pages"] if p.startswith("/article/"))
            self.csrf = self.client.get(article + "me/", name="me").cookies.get("csrftoken", "")
        return self.csrf

    @task(90)
    def read(self):
        self.client.cookies.clear()
        path = random.choice(TARGETS["pages"])
        response = self.client.get(path, name="search" if path.startswith("/search/") else "page")
        if path.startswith("/article/") and response.status_code == 200:
            self.report_view(path)

    def report_view(self, path):
        """The page view reader.js reports (`me/?view=1`), from a browser or, one time in ten, a
        robot that runs scripts: the site counts the first and not the second."""
        robot = random.random() < ROBOT_SHARE
        pk = path.split("/")[2]
        with lock:
            views["robot sent" if robot else "sent"][pk] += 1
        self.client.cookies.clear()
        response = self.client.get(
            path + "me/?view=1", headers={"User-Agent": ROBOT if robot else BROWSER}, name="me (view)"
        )
        if response.status_code == 200 and not robot:
            with lock:
                views["acknowledged"][pk] += 1

    def post_as_new_reader(self, write, name):
        """A reader with no cookie but the CSRF one: the server answers 200 JSON once the row is committed."""
        token = self.csrf_token()
        if not token:
            return  # the site is down: no page, no token; reads count the outage
        self.client.cookies.clear()
        with lock:
            attempted[write["model"]] += 1
        with self.client.post(
            write["url"],
            {write["field"]: write["value"]},
            headers={
                "X-CSRFToken": token,
                "Cookie": f"csrftoken={token}",
                "Origin": self.host,
                "Accept": "application/json",
            },
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                with lock:
                    acknowledged[write["model"]] += 1
                response.success()
            elif response.status_code == 503:
                response.failure("503 while a service is down")
            else:
                response.failure(f"{response.status_code}: {response.text[:120]}")

    @task(8)
    def react_or_vote(self):
        self.post_as_new_reader(random.choice(TARGETS["writes"]), "react/vote")

    def sign_in(self):
        """Signs the account in through the reader login form: its cookies, or None if the site said no.

        The cookies are sent by hand: in production they are Secure, and the load runs over plain HTTP."""
        self.client.cookies.clear()
        page = self.client.get("/accounts/login/", name="login page")
        token = page.cookies.get("csrftoken", "")
        if page.status_code != 200 or not token:
            return None
        self.client.cookies.clear()
        with self.client.post(
            "/accounts/login/",
            {**self.account, "csrfmiddlewaretoken": token},
            headers={
                "Cookie": f"csrftoken={token}",
                "Referer": self.host + "/accounts/login/",
                "Origin": self.host,
            },
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            session = response.cookies.get("sessionid")
            if response.status_code == 302 and session:
                response.success()
                # Signing in rotates the CSRF token.
                return {"csrftoken": response.cookies.get("csrftoken") or token, "sessionid": session}
            response.failure(f"sign-in answered {response.status_code}")
            return None

    @task(2)
    def comment(self):
        if not self.account or not TARGETS.get("comments"):
            return
        if self.session is None:
            self.session = self.sign_in()
            if self.session is None:
                return  # the site is down or refused: reads count the outage
        self.client.cookies.clear()
        cookie = "; ".join(f"{name}={value}" for name, value in self.session.items())
        body = f"Comment {random.getrandbits(64):x}: this list is right about the confession scene."
        with lock:
            attempted["comment"] += 1
        with self.client.post(
            random.choice(TARGETS["comments"]),
            {"body": body},
            headers={
                "X-CSRFToken": self.session["csrftoken"],
                "Cookie": cookie,
                "Origin": self.host,
                "Accept": "application/json",
            },
            allow_redirects=False,
            name="comment",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                with lock:
                    acknowledged["comment"] += 1
                response.success()
            elif response.status_code == 503:
                response.failure("503 while a service is down")
            else:
                if response.status_code in (401, 403):
                    self.session = None  # signed out (or the token rotated): sign in again next time
                response.failure(f"{response.status_code}: {response.text[:120]}")

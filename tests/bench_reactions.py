"""Reactions on PostgreSQL: the SQL one reaction costs and how many reactions per second the
react endpoint takes from concurrent clients. Run by `make bench` (tests/bench.py) after the pages.

The database is a throwaway one beside `BENCH_DATABASE_URL` (tests/bench.py passes the
`DATABASE_URL` it was given; when that is not PostgreSQL, postgres://postgres@127.0.0.1:5432/soompi):
Django's test-database machinery creates `test_<name>_bench`, migrates it and drops it at the
end. The app is served by gunicorn (BENCH_WORKERS processes), with Redis as the cache when
`REDIS_URL` is set; BENCH_CLIENTS threads post for BENCH_SECONDS, each its own reader with a
random mix of first reactions, moves and take-backs. The same clients then ask /healthz (a bare
view that runs `SELECT 1`) as a baseline, and the reaction rate is also given as a ratio of it.
Afterwards the counts the endpoint reports must equal the stored rows, or the run fails.
"""

import http.client
import http.cookies
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 16))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
SECONDS = float(os.environ.get("BENCH_SECONDS", 5))
KINDS = ["love", "swoon", "lol", "wow", "sad", "angry"]
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"}


def database_url():
    url = os.environ.get("BENCH_DATABASE_URL", "")
    return url if url.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/soompi"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Reader:
    """One browser: its cookies, the CSRF token its private `me` request set (the public page carries
    none), and a connection to the server."""

    def __init__(self, port, article):
        self.port, self.article, self.cookies = port, article, http.cookies.SimpleCookie()
        self.request("GET", article)
        self.request("GET", article + "me/")
        self.token = self.cookies["csrftoken"].value

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        headers = {"Cookie": cookie, "Accept": "application/json", **(headers or {})}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:200]!r}")
        return data

    def react(self, kind):
        body = urlencode({"kind": kind})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.token,
            "Referer": f"http://127.0.0.1:{self.port}/",
        }
        return json.loads(self.request("POST", self.article + "react/", body, headers))


def hammer(readers, action):
    """Run `action(reader)` from every reader's thread for SECONDS; returns (done, seconds)."""
    done, failures, start = [0] * len(readers), [], threading.Barrier(len(readers) + 1)

    def run(index):
        start.wait()
        stop = time.perf_counter() + SECONDS
        while time.perf_counter() < stop:
            try:
                action(readers[index])
            except Exception as error:  # noqa: BLE001 - reported after the run
                failures.append(repr(error))
                return
            done[index] += 1

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(readers))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return sum(done), time.perf_counter() - began


def queries_per_reaction(listicle):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("articles:react", kwargs={"pk": listicle.pk, "slug": listicle.slug})
    client, counted = Client(), {}
    for name, kind in (("first reaction", "love"), ("move", "wow"), ("take back", "wow")):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, {"kind": kind}, HTTP_ACCEPT="application/json").status_code == 200
        statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
        control = sum(statement in TRANSACTION_CONTROL for statement in statements)
        counted[name] = f"{len(statements) - control} (+{control} BEGIN/COMMIT)"
    return counted


def main():
    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import pytest
    from django.db import connection

    from reactions.models import Reaction
    from tests import factories, status_guard

    settings_dict = connection.settings_dict
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": f"test_{settings_dict['NAME']}_bench"}
    try:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL here: say so and skip
        print(
            f"reactions on PostgreSQL: skipped, no database at {database_url()} ({error.__class__.__name__})"
        )
        return
    server = None
    try:
        # Set up as the tests set theirs up: a factory may give a listicle its status.
        with pytest.MonkeyPatch.context() as patch, status_guard.lenient_for_tests(patch):
            listicle = factories.PublishedListicleFactory(title="Bench", slug="bench")
            for position in range(12):
                factories.full_entry(listicle, position=position)
        counted = queries_per_reaction(listicle)
        Reaction.objects.all().delete()

        port = free_port()
        test_url = database_url().rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        # Limits so high they never bind: the rate-limit bookkeeping is measured, not the refusals.
        limits = {"READER_POST_RATE": "1000000/m", "READER_POST_RATE_PER_IP": "1000000/m"}
        environment = {**os.environ, **limits, "DATABASE_URL": test_url, "DEBUG": "true"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "soompi.wsgi",
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn did not start on port {port}")
        article = listicle.get_absolute_url()
        readers = [Reader(port, article) for _ in range(CLIENTS)]
        rng = random.Random(7)
        reactions, reaction_seconds = hammer(readers, lambda reader: reader.react(rng.choice(KINDS[:3])))
        baseline, baseline_seconds = hammer(readers, lambda reader: reader.request("GET", "/healthz"))

        shown = json.loads(readers[0].request("GET", article + "reactions/"))
        rows = Reaction.objects.filter(listicle=listicle).count()
        if shown["total"] != rows:
            raise SystemExit(f"The endpoint counts {shown['total']} reactions, the table holds {rows}.")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        connection.creation.destroy_test_db(old_name, verbosity=0)

    rate, base_rate = reactions / reaction_seconds, baseline / baseline_seconds
    setup = f"{CLIENTS} clients, gunicorn with {WORKERS} workers, {SECONDS:.0f} s each"
    print(f"\nreactions on PostgreSQL ({setup})")
    print("  SQL queries per reaction: " + ", ".join(f"{name} {count}" for name, count in counted.items()))
    print(f"  reactions/s: {rate:.0f} ({reactions} posts; counts equal the {rows} rows)")
    print(f"  /healthz requests/s (bare view): {base_rate:.0f}; reactions at {rate / base_rate:.0%} of it")


if __name__ == "__main__":
    main()

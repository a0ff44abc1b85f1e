"""Where a react POST goes: reactions.js's post as `make bench` sends it, through the test client.

Each post is a new anonymous reader (no reader cookie), `kind=<a kind>` with the CSRF token in the
`csrftoken` cookie and the `X-CSRFToken` header, `Accept: application/json`, CSRF checks on,
`DEBUG` off and purges on (to an nginx cache folder), on the demo article with 300 reactions
(`bench.run.build_content`'s shape; PROFILE_REACTIONS for another number). SQLite in a throwaway
folder and Django's local-memory cache unless PROFILE_DATABASE_URL and PROFILE_REDIS_URL name
others (an empty database of your own; the cache is emptied). The per-address limit is lifted as
the bench lifts it; the per-reader one stays. Run with `python -m bench.profile_react`; prints the
queries of one post, the milliseconds per post (wall and this process's CPU, and PostgreSQL's for
its connection when it runs on this machine), the cache calls per post, and the top functions by
cumulative and own time.
"""

import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="soompi-profile-"))
os.environ["DATABASE_URL"] = (
    os.environ.get("PROFILE_DATABASE_URL") or f"sqlite:///{WORKDIR / 'profile.sqlite3'}"
)
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "profile-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["READER_POST_RATE_PER_IP"] = ""  # as bench.run: every post comes from one address
# As bench.run: reader posts purge the article from nginx's cache (throttled to one a second).
os.environ["FRONTEND_CACHE_BACKENDS"] = "nginx"
os.environ["FRONTEND_CACHE_NGINX_CACHE_DIR"] = str(WORKDIR / "nginx-cache")
if os.environ.get("PROFILE_REDIS_URL"):
    os.environ["REDIS_URL"] = os.environ["PROFILE_REDIS_URL"]
else:
    os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

KINDS = ("love", "swoon", "lol", "wow", "sad", "angry")
REACTIONS = int(os.environ.get("PROFILE_REACTIONS", 300))  # on the article before the posts
CACHE_CALLS = ("get", "get_many", "set", "set_many", "add", "incr", "incr_or_start", "delete", "touch")


def build():
    """The demo article with 300 reactions; the react address and a CSRF token from `me`."""
    from articles.models import Listicle
    from reactions.models import Reaction, ReactionKind

    call_command("migrate", verbosity=0)
    call_command("loaddemo", allow_demo_passwords=True, verbosity=0)
    cache.clear()
    demo = Listicle.objects.get(slug="12-most-memorable-k-drama-confession-scenes")
    kinds = list(ReactionKind.objects.filter(active=True))
    Reaction.objects.bulk_create(
        (Reaction(listicle=demo, reader=f"bench-{n}", kind=kinds[n % len(kinds)]) for n in range(REACTIONS)),
        batch_size=1000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    me = Client(enforce_csrf_checks=True).get(demo.get_absolute_url() + "me/", secure=True)
    return demo.get_absolute_url() + "react/", me.cookies["csrftoken"].value


def post(url, token, n):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = token
    return client.post(
        url,
        f"kind={KINDS[n % len(KINDS)]}",
        content_type="application/x-www-form-urlencoded",
        secure=True,
        headers={"X-CSRFToken": token, "Accept": "application/json", "Origin": "https://testserver"},
    )


def database_cpu():
    """Seconds of CPU the PostgreSQL process serving this connection has used, when it runs on this
    machine (its /proc entry); None otherwise."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def count_cache_calls():
    """Wrap the cache's methods: how many of each call the posts make."""
    calls = Counter()
    from django.core.cache import caches

    backend = caches["default"]
    for name in CACHE_CALLS:
        method = getattr(backend, name, None)
        if method is None:
            continue

        def counted(*args, _method=method, _name=name, **kwargs):
            calls[_name] += 1
            return _method(*args, **kwargs)

        setattr(backend, name, counted)
    return calls


def main(rounds=300):
    url, token = build()
    for n in range(30):
        response = post(url, token, n)
        assert response.status_code == 200, (response.status_code, response.content)
    with CaptureQueriesContext(connection) as queries:
        response = post(url, token, 0)
    print(f"one post: {response.status_code} {response.content.decode()}")
    print(f"{len(queries)} queries:")
    for query in queries.captured_queries:
        print("  ", query["sql"][:160])

    calls = count_cache_calls()
    start, cpu, database = time.perf_counter(), time.process_time(), database_cpu()
    for n in range(rounds):
        post(url, token, n)
    wall = (time.perf_counter() - start) / rounds * 1000
    cpu = (time.process_time() - cpu) / rounds * 1000
    print(f"{wall:.2f} ms wall, {cpu:.2f} ms CPU per post ({rounds} posts, {connection.vendor})")
    if database is not None:
        print(
            "PostgreSQL's own CPU for this connection: "
            f"{(database_cpu() - database) / rounds * 1000:.2f} ms per post"
        )
    print("cache calls per post:", {name: round(n / rounds, 2) for name, n in sorted(calls.items())})
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    start = time.process_time()
    for _ in range(rounds):
        Client().get("/robots.txt", secure=True)
    print(f"robots.txt (a bare view): {(time.process_time() - start) / rounds * 1000:.2f} ms CPU")

    profile = cProfile.Profile(time.process_time)  # CPU, not the waits on PostgreSQL and Redis
    profile.enable()
    for n in range(rounds):
        post(url, token, n)
    profile.disable()
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)

"""What the reader's private `me` request costs: CPU, queries and cache round trips per request.

Builds the demo with 200 comments as `bench.profile_article` does (SQLite in a throwaway folder
unless PROFILE_DATABASE_URL names another database: it is emptied, use your own), Django's cache a
LocMemCache, `DEBUG` off. Then, after warm-up requests, measures `GET /article/<id>/<slug>/me/` for
a signed-in reader (with comments of their own on the article, a reaction and a vote) and for an
anonymous one, beside `/robots.txt` (the cheapest Django view): this process's CPU time per
request, the queries, and the cache operations, each of which is one Redis round trip in
production (`get_many` is one MGET, `set_many` one pipeline). `--profile` adds cProfile's top
functions for the signed-in request; `--middleware` the CPU each middleware adds on its own.
Run with `python -m bench.profile_me`.
"""

import cProfile
import os
import pstats
import sys
import time
from collections import Counter

from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

import bench.profile_article as article  # noqa: F401  (sets up Django the same way)

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHE_CALLS = ("get", "get_many", "set", "set_many", "add", "incr", "decr", "delete", "delete_many", "touch")


class RoundTrips:
    """Counts the cache's outermost calls (LocMemCache's `get_many` calls its own `get`)."""

    def __init__(self):
        self.calls, self.depth, self.on = Counter(), 0, False
        for name in CACHE_CALLS:
            self._wrap(name)

    def _wrap(self, name):
        real = getattr(LocMemCache, name)
        trips = self

        def counted(cache, *args, **kwargs):
            if trips.on and trips.depth == 0:
                trips.calls[name] += 1
            trips.depth += 1
            try:
                return real(cache, *args, **kwargs)
            finally:
                trips.depth -= 1

        setattr(LocMemCache, name, counted)

    def of(self, request):
        self.calls.clear()
        self.on = True
        try:
            request()
        finally:
            self.on = False
        return sum(self.calls.values()), dict(self.calls)


class Queries(list):
    """The SQL of the queries run (an `execute_wrapper`)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def cpu_ms(request, rounds):
    start = time.process_time()
    for _ in range(rounds):
        request()
    return (time.process_time() - start) / rounds * 1000


def main(rounds=300):
    url = article.build()
    from django.contrib.auth import get_user_model

    from articles.models import Listicle
    from comments.models import Comment
    from reactions.models import Reaction, ReactionKind, Vote

    listicle = Listicle.objects.get(slug="12-most-memorable-k-drama-confession-scenes")
    user = get_user_model().objects.get(username="profile1")
    kind = ReactionKind.objects.filter(active=True).first()
    Reaction.objects.create(listicle=listicle, user=user, kind=kind)
    Vote.objects.create(listicle=listicle, user=user, entry=listicle.entries.first())
    own = Comment.objects.filter(listicle=listicle, user=user).count()
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(user)
    me = url + "me/"
    trips = RoundTrips()
    requests = {
        f"me, signed in ({own} own comments, a reaction, a vote)": lambda: signed_in.get(me, secure=True),
        "me, anonymous": lambda: anonymous.get(me, secure=True),
        "robots.txt": lambda: anonymous.get("/robots.txt", secure=True),
    }
    with override_settings(CACHES=LOCMEM):
        for request in requests.values():
            for _ in range(20):
                assert request().status_code == 200
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {rounds} requests each")
        for name, request in requests.items():
            queries = Queries()
            with connection.execute_wrapper(queries):
                count, calls = trips.of(request)
            ms = min(cpu_ms(request, rounds) for _ in range(3))
            print(f"{name:<52} {ms:5.2f} ms CPU  {len(queries):2} queries  {count} cache round trips {calls}")
            if "-v" in sys.argv:
                for sql in queries:
                    print("    ", sql[:160])
        if "--middleware" in sys.argv:
            middleware_costs({"signed in": (signed_in, me), "anonymous": (anonymous, me)}, rounds)
        if "--profile" in sys.argv:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(rounds):
                requests[next(iter(requests))]()
            profile.disable()
            stats = pstats.Stats(profile).strip_dirs()
            stats.sort_stats("cumulative").print_stats(50)
            stats.sort_stats("tottime").print_stats(25)


class Layers:
    """CPU time of each middleware on its own (its time less what it calls), and of the view with
    URL resolving under them, timed by wrapping what each middleware calls next."""

    def __init__(self, client):
        self.names, self.seconds = [], []
        layer = client.handler._middleware_chain  # convert_exception_to_response(middleware)
        while hasattr(layer, "__wrapped__") and hasattr(layer.__wrapped__, "get_response"):
            middleware = layer.__wrapped__
            self.names.append(type(middleware).__name__)
            middleware.get_response = self._timed(len(self.names), middleware.get_response)
            layer = middleware.get_response.inner
        self.names.append("the view, URL resolving")
        self.seconds = [0.0] * (len(self.names) + 1)
        client.handler._middleware_chain = self._timed(0, client.handler._middleware_chain)

    def _timed(self, level, call):
        def timed(request):
            start = time.process_time()
            try:
                return call(request)
            finally:
                self.seconds[level] += time.process_time() - start

        timed.inner = call
        return timed

    def own_ms(self, rounds):
        inclusive = self.seconds
        return {name: (inclusive[n] - inclusive[n + 1]) / rounds * 1000 for n, name in enumerate(self.names)}


def middleware_costs(clients, rounds):
    """Each middleware's own CPU per request, for each client's `me` (the test client's handler
    is this process's own, so its middleware chain can be timed layer by layer)."""
    columns = {}
    for name, (client, path) in clients.items():
        layers = Layers(client)
        for _ in range(rounds):
            client.get(path, secure=True)
        columns[name] = layers.own_ms(rounds)
    print("  CPU per request, ms: " + " | ".join(columns))
    for layer in next(iter(columns.values())):
        print(f"  {layer:<40}" + "".join(f"{column.get(layer, 0):8.3f}" for column in columns.values()))


if __name__ == "__main__":
    main()

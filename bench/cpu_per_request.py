"""CPU per request of what `make bench` measures, through Django's WSGI handler as gunicorn calls it.

The bench's figures are ratios to the bare view in one run (wrk, nginx, gunicorn); on a shared
machine their rates move with everyone else's work. This counts what this process spends per
request instead, the same whatever else runs: `time.process_time()` over many requests (best of
three), and, under valgrind, instructions (`--callgrind`, repeatable to a fraction of a percent).

Paths (the bench's): `bare` (bench/urls.py), `me` of a signed-in reader (with comments of their own,
a reaction and a vote) and of an anonymous one, `cold` (the demo article with 200 comments, every
Django cache a DummyCache) and `react` (a POST as a new anonymous reader, CSRF token in cookie and
header). Each request is a WSGI environ handed to `WSGIHandler` (request_started and
request_finished included), its body read and closed.

The content is `bench.profile_article.build()`'s, in SQLite under PROFILE_DATABASE_URL (a file
kept between runs with `--reuse`) or a PostgreSQL database of your own; Django's cache is a
LocMemCache, or Redis at PROFILE_REDIS_URL (emptied). DEBUG off, bench settings.

    python -m bench.cpu_per_request [--rounds 300] [--only me,cold] [--reuse] [--profile me]

Instruction counts (build the database first, then count without building under valgrind):

    PROFILE_DATABASE_URL=sqlite:////tmp/cpu.sqlite3 python -m bench.cpu_per_request --only bare
    PROFILE_DATABASE_URL=sqlite:////tmp/cpu.sqlite3 valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect=_operator_call --callgrind-out-file=/tmp/me.out \
        python -m bench.cpu_per_request --reuse --callgrind me --rounds 50
    callgrind_annotate /tmp/me.out | head   # "PROGRAM TOTALS" / 50 = instructions per request

Only the measured requests run inside `operator.call`, so `--toggle-collect=_operator_call`
counts them and nothing of the setup.
"""

import argparse
import cProfile
import io
import operator
import os
import pstats
import tempfile
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["SECURE_SSL_REDIRECT"] = "false"  # as bench.run: plain HTTP on loopback
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
os.environ["READER_POST_RATE_PER_IP"] = ""  # as bench.run: every post comes from one address
os.environ.setdefault("FRONTEND_CACHE_BACKENDS", "nginx")  # as bench.run: reader posts purge
os.environ.setdefault(
    "FRONTEND_CACHE_NGINX_CACHE_DIR", str(Path(tempfile.mkdtemp(prefix="soompi-cpu-")) / "nginx-cache")
)

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connections  # noqa: E402
from django.test.client import RequestFactory  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

import bench.profile_article as article  # noqa: E402  (sets up Django: DEBUG off, the database)

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
PATHS = ("bare", "me", "me-anonymous", "cold", "react")
KINDS = ("love", "swoon", "lol", "wow", "sad", "angry")


def content(reuse):
    """The article's address and a signed-in reader's session key (building the demo unless
    `reuse` and it is there)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.models import Listicle
    from comments.models import Comment
    from reactions.models import Reaction, ReactionKind, Vote

    slug = "12-most-memorable-k-drama-confession-scenes"
    if not (reuse and Listicle.objects.filter(slug=slug).exists()):
        article.build()
    listicle = Listicle.objects.get(slug=slug)
    user = get_user_model().objects.get(username="profile1")
    kind = ReactionKind.objects.filter(active=True).first()
    Reaction.objects.get_or_create(listicle=listicle, user=user, defaults={"kind": kind})
    Vote.objects.get_or_create(listicle=listicle, user=user, defaults={"entry": listicle.entries.first()})
    assert Comment.objects.filter(listicle=listicle, user=user).exists()
    client = Client()
    client.force_login(user)
    return listicle.get_absolute_url(), client.cookies["sessionid"].value


class Caller:
    """WSGI requests to Django's handler, as gunicorn makes them."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.statuses = []

    def environ(self, method, path, headers, body=b""):
        path, _, query = path.partition("?")
        environ = RequestFactory()._base_environ(  # the keys a WSGI server sets, from 127.0.0.1
            REQUEST_METHOD=method,
            PATH_INFO=path,
            QUERY_STRING=query,
            SERVER_NAME="127.0.0.1",
            HTTP_HOST="127.0.0.1",
            **{"wsgi.input": io.BytesIO(body), "wsgi.multithread": True, "wsgi.multiprocess": True},
        )
        if body:
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["CONTENT_TYPE"] = headers.pop("Content-Type")
        for name, value in headers.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        return environ

    def __call__(self, method, path, headers=None, body=b""):
        status = []
        result = self.handler(
            self.environ(method, path, dict(headers or {}), body),
            lambda code, headers, exc_info=None: status.append(code),
        )
        try:
            b"".join(result)
        finally:
            result.close()
        return int(status[0].split()[0])


def requests(call, url, session, token):
    """{path: (a function making one request, the caches it runs with)}."""
    signed_in = {"Cookie": f"sessionid={session}", "Accept": "application/json", "Accept-Encoding": "gzip"}
    anonymous = {"Accept": "application/json", "Accept-Encoding": "gzip"}
    posts = iter(range(10**9))

    def react():
        kind = KINDS[next(posts) % len(KINDS)]
        headers = {
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": "http://127.0.0.1",
        }
        return call("POST", url + "react/", headers, f"kind={kind}".encode())

    return {
        "bare": (lambda: call("GET", "/bench/bare/", {"Accept": "text/html"}), LOCMEM),
        "me": (lambda: call("GET", url + "me/", signed_in), LOCMEM),
        "me-anonymous": (lambda: call("GET", url + "me/", anonymous), LOCMEM),
        "cold": (lambda: call("GET", url, {"Accept": "text/html", "Accept-Encoding": "gzip"}), DUMMY),
        "react": (react, LOCMEM),
    }


def caches_for(caches):
    redis = os.environ.get("PROFILE_REDIS_URL")
    if redis and caches is LOCMEM:
        return {"default": {"BACKEND": "soompi.cache.FailSoftRedisCache", "LOCATION": redis}}
    return caches


def queries_of(request):
    count = 0

    def counted(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(counted):
        status = request()
    return status, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--only", default=",".join(PATHS))
    parser.add_argument("--reuse", action="store_true", help="keep the database's content if it is there")
    parser.add_argument("--callgrind", choices=PATHS, help="one path's requests inside operator.call")
    parser.add_argument("--profile", choices=PATHS, help="pyinstrument's profile of one path (wall time)")
    parser.add_argument("--cprofile", choices=PATHS, help="cProfile of one path, in CPU time")
    options = parser.parse_args()
    url, session = content(options.reuse)
    call = Caller()
    with override_settings(CACHES=LOCMEM):
        from django.core.cache import cache

        cache.clear()
        from django.test import Client

        token = Client().get(url + "me/", secure=True).cookies["csrftoken"].value
    paths = requests(call, url, session, token)
    chosen = [options.callgrind] if options.callgrind else options.only.split(",")
    rounds = options.rounds
    if not options.callgrind:
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {rounds} requests each")
    for name in chosen:
        request, caches = paths[name]
        with override_settings(CACHES=caches_for(caches)):
            from django.core.cache import cache

            for _ in range(max(20, rounds // 10)):  # templates, SQL text and the cache warmed
                status = request()
                assert status in (200, 201), (name, status)
            if options.callgrind:
                operator.call(lambda request=request: [request() for _ in range(rounds)])
                continue
            status, queries = queries_of(request)
            best = []
            for _ in range(3):
                start = time.process_time()
                for _ in range(rounds):
                    request()
                best.append((time.process_time() - start) / rounds * 1000)
            print(f"{name:<14} {min(best):6.3f} ms CPU per request  {queries:2} queries  (status {status})")
            if options.profile == name:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0002)
                with profiler:
                    for _ in range(rounds):
                        request()
                print(profiler.output_text(unicode=True, color=False, show_all=False))
            if options.cprofile == name:
                profile = cProfile.Profile(time.process_time)
                profile.enable()
                for _ in range(rounds):
                    request()
                profile.disable()
                stats = pstats.Stats(profile).strip_dirs()
                stats.sort_stats("cumulative").print_stats(60)
                stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()

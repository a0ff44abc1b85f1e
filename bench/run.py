"""`make bench`: the reader pages on the production stack, as ratios to a bare Django view.

gunicorn (production settings: DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS; 2 worker processes, one
per core, of the worker class deploy/gunicorn.conf.py runs: gthread with 4 threads, so a worker
waiting on PostgreSQL or Redis serves another request meanwhile; no recycling, so the memory figure
means something) on PostgreSQL with the demo article plus 200 published comments with replies and 300
reactions, Redis as the cache, driven by wrk over loopback: a warm-up, then 3 runs of 20 s at 32
connections per figure (`BENCH_SHORT=1`: 3 runs of 5 s). The bare view (a fixed 2 KB page, no
database, same middleware and gunicorn) is measured in the same run, first and last: the ratios
use the median of its six runs. Every GET asks for gzip as browsers do; the anonymous article is
also measured for a client that does not, both with an invalidation every second. After the
figures, every reader page is served again, once to warm up and once measured (20,000 requests
at least), to show whether the workers' memory stays flat once their stores are full.

Environment: `BENCH_DATABASE_URL` (a throwaway database, dropped and made again; default
`postgres://postgres@127.0.0.1:5432/soompi_h_bench`), `BENCH_REDIS_URL` (default db 10). The
bench lifts the reader and comment rate limits through their environment variables
(`READER_POST_RATE*`, `COMMENT_RATE_*`): new readers all post from 127.0.0.1 here. TLS is the
proxy's job in production, so `SECURE_SSL_REDIRECT=false` and plain HTTP on loopback.

Writes `bench/results/latest.json` and the table between the bench markers in README.md.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SHORT = os.environ.get("BENCH_SHORT") == "1"
DURATION = 5 if SHORT else 20
WARMUP = 2 if SHORT else 5
RUNS = 3
CONNECTIONS = 32
WORKERS = 2  # one process per core; each with deploy/gunicorn.conf.py's worker class and threads
THREADS = 4
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/soompi_h_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
CSRF = secrets.token_hex(16)  # a 32-character CSRF secret: the cookie and the form field both carry it
TARGETS = {"article": 0.8, "cold": 0.09, "logged_in": 0.15, "react": 0.15}
WORKDIR = Path(tempfile.mkdtemp(prefix="soompi-bench-"))

ENV = os.environ | {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "MEDIA_ROOT": str(WORKDIR / "media"),
    "READER_POST_RATE": "",
    "READER_POST_RATE_PER_IP": "",
    "COMMENT_RATE_PER_USER": "1000000/m",
    "COMMENT_RATE_PER_IP": "1000000/m",
    "DEMO_EDITOR_PASSWORD": secrets.token_urlsafe(16),
    "DEMO_WRITER_PASSWORD": secrets.token_urlsafe(16),
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))

REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, '
    .. '"status_errors": %d, "p50_us": %d, "p99_us": %d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99)))
end
"""


def prepare_database():
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    assert name.startswith("soompi_h_"), "the bench drops its database: give it a throwaway name"
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    import psycopg2

    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def build_content():
    """The demo, 200 published comments (a third threads, the rest replies), 300 reactions, readers."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Comment, Listicle, Reaction, ReactionKind
    from tests import factories

    cache.clear()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("loaddemo", verbosity=0)
    demo = Listicle.objects.get(slug="12-most-memorable-k-drama-confession-scenes")
    readers = [factories.reader_account(f"Bench reader {n}", username=f"bench{n}") for n in range(20)]
    thread = None
    for n in range(200):
        fields = {"listicle": demo, "user": readers[n % 20], "body": f"Comment {n}", "status": "published"}
        if n % 3 == 0:
            thread = Comment.objects.create(**fields)
        else:
            Comment.objects.create(parent=thread, thread=thread, **fields)
    kinds = list(ReactionKind.objects.filter(active=True))
    Reaction.objects.bulk_create(
        Reaction(listicle=demo, reader=f"bench-{n}", kind=kinds[n % len(kinds)]) for n in range(300)
    )
    with connection.cursor() as cursor:  # planner statistics, as autovacuum keeps them in production
        cursor.execute("ANALYZE")
    sessions = []
    for user in readers:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    drama = demo.entries.first().drama
    tag = demo.tags.first()
    paths = {
        "article": demo.get_absolute_url(),
        "home": "/",
        "drama": drama.get_absolute_url(),
        "tag": f"/tag/{tag.slug}/",
        "react": demo.get_absolute_url() + "react/",
        "comment": demo.get_absolute_url() + "comments/",
    }
    return demo, paths, sessions


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the production settings; `cold` turns the page cache off."""

    def __init__(self, cold=False):
        self.port = free_port()
        env = ENV | ({"PAGE_CACHE_SECONDS": "0"} if cold else {})
        command = [sys.executable, "-m", "gunicorn", "soompi.wsgi:application", "--workers", str(WORKERS)]
        command += ["--worker-class", "gthread", "--threads", str(THREADS)]  # as deploy/gunicorn.conf.py
        command += ["--bind", f"127.0.0.1:{self.port}", "--backlog", "2048", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own fixed command
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def memory_kib(self):
        """Resident and peak memory of each worker, KiB."""
        figures = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            figures.append(
                {key: int(re.search(rf"{key}:\s+(\d+)", status).group(1)) for key in ("VmRSS", "VmHWM")}
            )
        return figures

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def lua_script(name, body):
    path = WORKDIR / f"{name}.lua"
    path.write_text(body + REPORT_LUA)
    return path


BROWSER = 'wrk.headers["Accept-Encoding"] = "gzip, deflate, br"\n'  # as every browser asks


def get_script(name, sessions=(), *, gzip=True):
    """GETs as a browser makes them (`gzip=False`: a client that asks for no compression)."""
    headers = BROWSER if gzip else ""
    if not sessions:
        return lua_script(name, headers)
    cookies = ", ".join(f'"sessionid={key}; csrftoken={CSRF}"' for key in sessions)
    return lua_script(
        name,
        headers
        + f"""
local cookies = {{{cookies}}}
local n = 0
request = function()
  n = n + 1
  wrk.headers["Cookie"] = cookies[n % #cookies + 1]
  return wrk.format("GET")
end
""",
    )


def react_script():
    """Every request a new anonymous reader: a CSRF cookie and field, no reader cookie."""
    return lua_script(
        "react",
        f"""
local kinds = {{"love", "swoon", "lol", "wow", "sad", "angry"}}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken={CSRF}"
request = function()
  return wrk.format("POST", nil, nil, "csrfmiddlewaretoken={CSRF}&kind=" .. kinds[math.random(#kinds)])
end
""",
    )


def comment_script(sessions):
    cookies = ", ".join(f'"sessionid={key}; csrftoken={CSRF}"' for key in sessions)
    return lua_script(
        "comment",
        f"""
local cookies = {{{cookies}}}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  n = n + 1
  wrk.headers["Cookie"] = cookies[n % #cookies + 1]
  local body = "Bench+comment+" .. n .. "+" .. math.random(1e9)
  return wrk.format("POST", nil, nil, "csrfmiddlewaretoken={CSRF}&body=" .. body)
end
""",
    )


def wrk(url, script, seconds):
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{seconds}s",
        "--timeout",  # a slow page is measured, not dropped as a timeout after wrk's default 2 s
        "30s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    figures = json.loads(re.search(r"BENCH_JSON (\{.*\})", output).group(1))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def measure(url, script):
    warmup = wrk(url, script, WARMUP)
    runs = [wrk(url, script, DURATION) for _ in range(RUNS)]
    rates = [run["rps"] for run in runs]
    return {
        "rates": rates,
        "rps_median": statistics.median(rates),
        "rps_min": min(rates),
        "rps_max": max(rates),
        "p50_ms": statistics.median(run["p50_us"] for run in runs) / 1000,
        "p99_ms": statistics.median(run["p99_us"] for run in runs) / 1000,
        "requests": sum(run["requests"] for run in runs),
        "status_errors": sum(run["status_errors"] for run in runs),
        "socket_errors": sum(run["socket_errors"] for run in runs),
        # Warm-up and runs: what the server answered (a POST still in flight when wrk stops is
        # done by the server but not counted here, at most one per connection and stop).
        "answered": sum(run["requests"] - run["status_errors"] for run in (warmup, *runs)),
        "sent": sum(run["requests"] for run in (warmup, *runs)),
    }


def combined(first, second):
    """One figure from two measurements of the same page: its runs together."""
    rates = first["rates"] + second["rates"]
    both = {"rates": rates, "rps_median": statistics.median(rates)}
    both |= {"rps_min": min(rates), "rps_max": max(rates)}
    for name in ("p50_ms", "p99_ms"):
        both[name] = statistics.median([first[name], second[name]])
    for name in ("requests", "status_errors", "socket_errors", "answered", "sent"):
        both[name] = first[name] + second[name]
    return both


def invalidating_every_second(stop, done):
    from articles import page_cache

    while not stop.wait(1):
        page_cache.invalidate()
        done.append(time.time())


def query_counts(demo, sessions):
    """SQL queries per page through Django's test client, on the same database (renders, not hits)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["*"]):
        anonymous = Client()
        signed_in = Client()
        signed_in.cookies["sessionid"] = sessions[0]
        for name, client, path in (
            ("article (anonymous, rendered)", anonymous, demo.get_absolute_url()),
            ("article (signed-in reader)", signed_in, demo.get_absolute_url()),
            ("home", anonymous, "/"),
            ("drama", anonymous, demo.entries.first().drama.get_absolute_url()),
        ):
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts[name] = len(queries)
    return counts


class Memory:
    """The workers' resident memory after each phase, and whether it stays flat once warm.

    Every store a worker keeps (pages, comment heads, reaction boxes, Markdown) has a size limit,
    so memory grows while the phases fill them and must then level off. `steady` serves every
    reader page once more as a warm-up, then again for a measured pass of at least 20,000
    requests, and compares the workers' memory before and after that pass.
    """

    FLAT_MIB = 5  # growth per worker over the measured pass that still counts as flat

    def __init__(self, server):
        self.server = server
        self.sent = 0
        self.phases = [{"after": "start", "requests": 0, "kib": server.memory_kib()}]

    def after(self, phase, figure):
        """`figure`, a phase's measure, with the workers' memory sampled after it."""
        self.sample(phase, figure["sent"])
        return figure

    def sample(self, phase, sent):
        self.sent += sent
        self.phases.append({"after": phase, "requests": self.sent, "kib": self.server.memory_kib()})
        return self.phases[-1]["kib"]

    def serve(self, readers, seconds, least=0):
        served = 0
        while True:
            for path, script in readers.values():
                served += wrk(self.server.url + path, script, seconds)["requests"]
            if served >= least:
                return served

    def steady(self, readers):
        before = self.sample("warm-up pass", self.serve(readers, WARMUP))
        passed = self.serve(readers, DURATION, least=20_000)
        after = self.sample("measured pass", passed)
        growth = [(a["VmRSS"] - b["VmRSS"]) / 1024 for b, a in zip(before, after, strict=True)]
        return {
            "phases": self.phases,
            "steady_requests": passed,
            "steady_growth_mib": growth,
            "flat": max(growth) <= self.FLAT_MIB,
        }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `apt-get install -y wrk` (make bench does it when it can).")
    prepare_database()
    demo, paths, sessions = build_content()
    from django.db import connection

    from articles import page_cache
    from articles.models import Comment, Reaction

    connection.close()
    results = {
        "settings": {
            "workers": WORKERS,
            "threads": THREADS,
            "connections": CONNECTIONS,
            "runs": RUNS,
            "seconds": DURATION,
        }
    }
    figures = {}
    server = Server()
    memory = Memory(server)
    try:
        figures["bare"] = memory.after("bare", measure(server.url + "/bench/bare/", get_script("bare")))
        # Both article runs with an invalidation every second (no stampede: renders per invalidation);
        # they differ only in whether the client asks for gzip.
        renders = page_cache.renders()
        for name, gzip in (("article", True), ("article_identity", False)):
            stop, invalidations = threading.Event(), []
            invalidator = threading.Thread(target=invalidating_every_second, args=(stop, invalidations))
            invalidator.start()
            figures[name] = memory.after(
                name, measure(server.url + paths["article"], get_script(name, gzip=gzip))
            )
            stop.set()
            invalidator.join()
            if name == "article":
                results["article_renders_during_run"] = page_cache.renders() - renders
                results["invalidations_during_run"] = len(invalidations)
        readers = {
            "article": (paths["article"], get_script("article")),
            "logged_in": (paths["article"], get_script("logged_in", sessions)),
        }
        readers |= {name: (paths[name], get_script(name)) for name in ("home", "drama", "tag")}
        for name in ("logged_in", "home", "drama", "tag"):
            path, script = readers[name]
            figures[name] = memory.after(name, measure(server.url + path, script))
        reactions_before = Reaction.objects.filter(listicle=demo).count()
        figures["react"] = memory.after("react", measure(server.url + paths["react"], react_script()))
        connection.close()
        reactions_after = Reaction.objects.filter(listicle=demo).count()
        comments_before = Comment.objects.filter(listicle=demo).count()
        figures["comment"] = memory.after(
            "comment", measure(server.url + paths["comment"], comment_script(sessions))
        )
        comments_after = Comment.objects.filter(listicle=demo).count()
        # The bare view again at the end: a phase the machine spent on something else (a shared
        # 2-core machine) must not set the baseline of every ratio.
        bare_again = memory.after("bare again", measure(server.url + "/bench/bare/", get_script("bare")))
        figures["bare"] = combined(figures["bare"], bare_again)
        results["memory"] = memory.steady(readers)
    finally:
        server.stop()
    cold = Server(cold=True)
    try:
        figures["cold"] = measure(cold.url + paths["article"], get_script("cold"))
    finally:
        cold.stop()
    from django.test import Client

    box = Client(HTTP_HOST="127.0.0.1").get(paths["article"] + "reactions/").json()
    results["react_exact"] = {
        "rows_added": reactions_after - reactions_before,
        "accepted_posts": figures["react"]["answered"],
        "in_flight_at_most": CONNECTIONS * (RUNS + 1),
        "total_shown_equals_rows": box["total"] == Reaction.objects.filter(listicle=demo).count(),
    }
    results["comments_added"] = comments_after - comments_before
    results["queries"] = query_counts(demo, sessions)
    bare = figures["bare"]["rps_median"]
    for figure in figures.values():
        figure["ratio"] = figure["rps_median"] / bare
    results["figures"] = figures
    results["targets"] = TARGETS
    out = ROOT / "bench" / "results" / "latest.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    table = render_table(results)
    print(table)
    update_readme(table)


LABELS = {
    "bare": "bare Django view (2 KB, no database)",
    "article": "article, anonymous, as served (gzip, as browsers ask)",
    "article_identity": "article, anonymous, as served to a client asking no gzip (same invalidations)",
    "cold": "article, page cache off (rendered per request)",
    "logged_in": "article, signed-in reader",
    "home": "home",
    "drama": "drama page",
    "tag": "tag page",
    "react": "react POST, new anonymous readers",
    "comment": "comment POST, signed-in readers",
}


def render_table(results):
    rows = [
        "| page | req/s median [min–max] | p50 / p99 ms | ratio to bare | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, label in LABELS.items():
        figure = results["figures"][name]
        target = results["targets"].get(name)
        rows.append(
            f"| {label} | {figure['rps_median']:.0f} [{figure['rps_min']:.0f}–{figure['rps_max']:.0f}] "
            f"| {figure['p50_ms']:.1f} / {figure['p99_ms']:.1f} | {figure['ratio']:.3f} "
            f"| {f'≥ {target}' if target else ''} |"
        )
    memory = results["memory"]
    phases = memory["phases"]
    peak = max(worker["VmHWM"] for worker in phases[-1]["kib"]) // 1024
    rss = "; ".join(
        f"{phase['after']} ({phase['requests']:,}) {'/'.join(str(w['VmRSS'] // 1024) for w in phase['kib'])}"
        for phase in phases
    )
    growth = ", ".join(f"{mib:+.1f}" for mib in memory["steady_growth_mib"])
    exact = results["react_exact"]
    lines = [
        *rows,
        "",
        "SQL queries per page (rendered, not from the cache): "
        + ", ".join(f"{name} {count}" for name, count in results["queries"].items())
        + ".",
        f"Page renders during the article run with an invalidation every second: "
        f"{results['article_renders_during_run']} for {results['invalidations_during_run']} invalidations.",
        f"Reactions: {exact['rows_added']} rows added for {exact['accepted_posts']} posts answered "
        f"(plus at most {exact['in_flight_at_most']} still in flight when wrk stopped); "
        f"the total shown equals the rows: {exact['total_shown_equals_rows']}. "
        f"Comments added: {results['comments_added']}.",
        f"Worker memory, RSS MiB per worker after each phase (requests served so far): {rss}; "
        f"peak {peak} MiB. Once warm, over {memory['steady_requests']:,} more requests of every "
        f"reader page: {growth} MiB per worker, "
        + ("flat" if memory["flat"] else f"NOT flat (more than {Memory.FLAT_MIB} MiB)")
        + ".",
        "({workers} gunicorn gthread workers of {threads} threads, wrk {connections} connections, "
        "{runs} runs of {seconds} s.)".format(**results["settings"]),
    ]
    return "\n".join(lines)


def update_readme(table):
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        readme.write_text(before + start + "\n" + table + "\n" + end + rest.split(end, 1)[1])


if __name__ == "__main__":
    main()

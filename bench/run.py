"""`make bench`: the reader pages as deployed, nginx in front of gunicorn, as ratios to a bare Django view.

The stack, all on loopback:

- gunicorn with deploy/gunicorn.conf.py (gthread, 4 threads per worker), 2 worker processes (one
  per core), production settings (DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS), on PostgreSQL and
  Redis. One change to the deployed file: `--max-requests 0`, so no worker is recycled during the
  run and the memory figure compares the same processes.
- nginx with deploy/nginx.conf, written and started by scripts/nginx_local.py (its proxy cache
  on), in front of that gunicorn. The app purges nginx's cache on edits
  (FRONTEND_CACHE_BACKENDS=nginx, FRONTEND_CACHE_NGINX_CACHE_DIR=nginx_local's cache folder).
- The demo content, with the demo article carrying 200 published comments (a third of them
  threads, the rest replies) and 300 reactions; 20 signed-in readers; an editor.

Each server's workers first get a few of every reader request (templates loaded, as a deployed
worker has them). Figures, each a warm-up then 3 runs of wrk at 32 connections asking for gzip
as browsers do (20 s each; `BENCH_SHORT=1`: 4 s; the cold render 10 s at least), the median run
counted:

1. the bare view (a fixed 2 KB page, no database, the same middleware), straight to gunicorn,
   first and last: the ratios divide by the median of its six runs;
2. the anonymous article through nginx, while an editor saves the article in the admin (through
   nginx, as an editor would) every second, or back to back when a save takes longer, and
   samplers ask for the page 10 times a second each (one per encoding nginx keeps a copy of:
   gzip, Brotli, none): every sampled page must show an edit at least as new as the last one the
   admin acknowledged more than a second before the page was asked for (`harness.freshness`);
3. a signed-in reader's page view through nginx: the public page and its private `me` request
   with the reader's session (two requests make one view);
4. the react POST through nginx as new anonymous readers, each carrying a CSRF token taken from a
   `me` answer (cookie + X-CSRFToken); then a closed run of posts that all finish, whose rows
   must equal the 2xx answers exactly;
5. memory: every reader request straight to gunicorn (the anonymous article, the signed-in page
   view, the react POST) at 8 connections (the workers' threads), a warm-up pass then a measured
   one as long (2 rounds of 10 s each; 3 s short); each worker's RSS must grow by at most
   `FLAT_MIB` over the measured pass;
6. every Django cache off (`BENCH_CACHE_OFF=1`: DummyCache): the article straight to a second
   gunicorn, a true cold render per request, with its SQL queries counted per response
   (`BENCH_COUNT_QUERIES=1`, bench/middleware.py).

Rate limits: wrk's connections all come from 127.0.0.1, so nginx writes 127.0.0.1 into
X-Forwarded-For for every reader and the per-address limit on reactions and votes
(`READER_POST_RATE_PER_IP`, 300/min) would answer 429 after the first seconds. The bench lifts
that one limit through its environment variable; the per-reader limit stays as deployed (each
post is a new anonymous reader). Every figure counts the answers ≥ 400 and fails on any.

Environment: `BENCH_DATABASE_URL` (a throwaway database whose name starts with `bench_`, dropped
and made again; default postgres://postgres@127.0.0.1:5432/bench_main), `BENCH_REDIS_URL`
(flushed; default redis://127.0.0.1:6379/6), `BENCH_PORT` (the first of three loopback ports:
gunicorn, nginx, the cold gunicorn; default 8350), `BENCH_SHORT=1`.

Writes bench/results/latest.json (or latest-short.json) and, for a full run, the table between
the bench markers in README.md. The machine is shared: read the figures with their spread.
"""

import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import nginx_local  # noqa: E402 - scripts/nginx_local.py: where the nginx it starts keeps its cache

try:
    import brotli  # decodes nginx's Brotli copies when installed; the sampler asks for them then
except ImportError:
    brotli = None

SHORT = os.environ.get("BENCH_SHORT") == "1"
DURATION = 4 if SHORT else 20
WARMUP = 2 if SHORT else 5
RUNS = 3
CONNECTIONS = 32
WORKERS = 2  # one process per core, each with deploy/gunicorn.conf.py's gthread threads
EXACT_POSTS = 300 if SHORT else 1000  # the closed react run: every post finishes
MEMORY_SEGMENT, MEMORY_CYCLES = (3 if SHORT else 10), 2  # each memory pass: 2 × the 3 requests × 10 s
FLAT_MIB = 5  # growth per worker over the measured pass that still counts as flat
MAX_COLD_QUERIES = 10
SAMPLE_EVERY = 0.1  # seconds between the freshness sampler's requests
GRACE = 1.0  # seconds an acknowledged edit may take to reach every reader
TARGETS = {"article": 2.0, "signed_in": 0.5, "cold": 0.05, "react": 0.2}

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_main")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
BASE_PORT = int(os.environ.get("BENCH_PORT", 8350))
APP_PORT, NGINX_PORT, COLD_PORT = BASE_PORT, BASE_PORT + 1, BASE_PORT + 2
HOST = "127.0.0.1"
CSRF = secrets.token_hex(16)  # the editor's CSRF secret: cookie and form field both carry it
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-"))
CACHE_DIR = nginx_local.cache_dir(WORKDIR)
MARKER = re.compile(rb"Bench edit (\d{6})")
BROWSER_ENCODING = "gzip, deflate, br"

ENV = os.environ | {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "MEDIA_ROOT": str(WORKDIR / "media"),
    "READER_POST_RATE_PER_IP": "",  # every wrk connection is 127.0.0.1: see the docstring
    "DEMO_EDITOR_PASSWORD": secrets.token_urlsafe(16),
    "DEMO_WRITER_PASSWORD": secrets.token_urlsafe(16),
    # Purges name pages by the address readers use (FRONTEND_CACHE_BASE_URLS defaults to SITE_URL).
    "SITE_URL": f"http://{HOST}:{NGINX_PORT}",
    "FRONTEND_CACHE_BACKENDS": "nginx",
    "FRONTEND_CACHE_NGINX_CACHE_DIR": str(CACHE_DIR),
    "WEB_CONCURRENCY": str(WORKERS),
    "NGINX_WORKERS": "auto",  # scripts/nginx_local.py; Debian's nginx.conf says `worker_processes auto`
}
os.environ.update(ENV)

REPORT_LUA = """
local bench_threads = {}
setup = function(thread) table.insert(bench_threads, thread) end
done = function(summary, latency, requests)
  local e = summary.errors
  local ok, sent, codes = -1, -1, ""
  if counting then
    ok, sent = 0, 0
    for _, thread in ipairs(bench_threads) do
      ok = ok + thread:get("ok")
      sent = sent + thread:get("sent")
      codes = codes .. thread:get("codes")
    end
  end
  io.write(string.format('BENCH_JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, '
    .. '"status_errors": %d, "p50_us": %d, "p99_us": %d, "ok": %d, "sent": %d, "error_codes": "%s"}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), ok, sent, codes))
end
"""


# --- content ------------------------------------------------------------------------------------


def prepare_database():
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    if not name.startswith("bench_"):
        sys.exit(
            "The bench drops its database: give BENCH_DATABASE_URL a throwaway name starting with bench_."
        )
    import psycopg

    connection = psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def session_for(user):
    """A signed-in session, as the sign-in page leaves it: for the editor, who must use a second
    factor before the admin opens, with their authenticator app used (tests/two_factor.py)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from tests import two_factor

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff:
        two_factor.authenticator_app(user)
        two_factor.record_second_factor(session, user)
    session.create()
    return session.session_key


def build_content():
    """The demo; on its article 200 published comments (a third threads), 300 reactions and the
    edit marker in the dek; 20 signed-in readers and the demo editor, each with a session."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Listicle
    from comments.models import Comment
    from reactions.models import Reaction, ReactionKind
    from tests import factories

    cache.clear()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("loaddemo", verbosity=0)
    demo = Listicle.objects.get(slug="12-most-memorable-k-drama-confession-scenes")
    demo.dek = f"{demo.dek} Bench edit {0:06d}.".strip()
    demo.save()
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
    editor = get_user_model().objects.get(username="editor")
    article = demo.get_absolute_url()
    content = {
        "pk": demo.pk,
        "article": article,
        "me": article + "me/",
        "react": article + "react/",
        "change": f"/admin/articles/listicle/{demo.pk}/change/",
        "dek": demo.dek.rsplit(" Bench edit", 1)[0],
        "sessions": [session_for(user) for user in readers],
        "editor_session": session_for(editor),
    }
    connection.close()
    return content


def reaction_rows(pk):
    from django.db import connection

    from reactions.models import Reaction

    rows = Reaction.objects.filter(listicle_id=pk).count()
    connection.close()
    return rows


# --- servers ------------------------------------------------------------------------------------


def port_free(port):
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def wait_for_port(port, process=None, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for port {port} exited with {process.returncode}")
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


class Gunicorn:
    """gunicorn -c deploy/gunicorn.conf.py, 2 workers, never recycled during the run."""

    def __init__(self, port, **env):
        if not port_free(port):
            raise RuntimeError(f"port {port} is taken: set BENCH_PORT to a free range")
        self.port = port
        command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
        command += ["--max-requests", "0", "--log-level", "warning", "soompi.wsgi:application"]
        run_env = ENV | {"GUNICORN_BIND": f"{HOST}:{port}"} | env
        self.process = subprocess.Popen(command, cwd=ROOT, env=run_env)  # noqa: S603 - our own fixed command
        wait_for_port(port, self.process)
        deadline = time.monotonic() + 30
        while len(self.workers()) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.1)

    def workers(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def rss_kib(self):
        """{worker pid: resident memory in KiB}."""
        figures = {}
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            figures[pid] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return figures

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


class Nginx:
    """deploy/nginx.conf through scripts/nginx_local.py, in front of the app server."""

    def __init__(self, port, app_port):
        if not port_free(port):
            raise RuntimeError(f"port {port} is taken: set BENCH_PORT to a free range")
        self.port = port
        (WORKDIR / "media").mkdir(exist_ok=True)
        command = [sys.executable, str(ROOT / "scripts" / "nginx_local.py"), str(WORKDIR), str(port)]
        command += [str(WORKDIR / "media"), str(app_port)]
        subprocess.run(command, cwd=ROOT, env=ENV, check=True)  # noqa: S603 - our own fixed command
        wait_for_port(port)

    def stop(self):
        pid_file = WORKDIR / "nginx.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, signal.SIGQUIT)  # graceful stop of this nginx master only
        for _ in range(100):
            if not Path(f"/proc/{pid}").exists():
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGTERM)


# --- HTTP from the bench itself -------------------------------------------------------------------


def request(port, method, path, headers=None, body=None, timeout=30):
    """(status, headers as a dict of lists by lower-case name, body decoded from gzip or Brotli)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        found = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        encoding = found.get("content-encoding", [""])[0]
        if encoding == "gzip":
            content = gzip.decompress(content)
        elif encoding == "br":
            content = brotli.decompress(content)
        return response.status, found, content
    finally:
        connection.close()


def cookie_value(headers, name):
    for line in headers.get("set-cookie", []):
        found = re.match(rf"\s*{name}=([^;]*)", line)
        if found:
            return found.group(1)
    return None


def csrf_tokens(port, me_path, count):
    """Tokens as readers get them: the csrftoken cookie of a private `me` answer, one per reader."""
    tokens = []
    for _ in range(count):
        status, headers, _ = request(port, "GET", me_path, {"Accept": "application/json"})
        token = cookie_value(headers, "csrftoken")
        if status != 200 or not token:
            raise RuntimeError(f"`me` answered {status} without a csrftoken cookie")
        tokens.append(token)
    return tokens


class Editor(threading.Thread):
    """Edits the live article in the admin once a second, as an editor would: opens the change form,
    types a new marker into the dek and presses "Save and publish changes" (a live article's form
    saves into its draft; that button publishes it in the same request). An edit is acknowledged by
    the admin's redirect back to the form (a publish it refused leaves readers on the older edit,
    which the freshness check counts as stale)."""

    def __init__(self, port, content):
        super().__init__(daemon=True)
        self.port, self.content = port, content
        self.cookie = f"sessionid={content['editor_session']}; csrftoken={CSRF}"
        self.stop = threading.Event()
        self.acknowledged = []  # (marker, time the admin's answer arrived)
        self.failures = []
        self.number = 0

    def edit(self):
        from tests.admin_forms import SubmittedValues

        self.number += 1
        status, _, page = request(self.port, "GET", self.content["change"], {"Cookie": self.cookie})
        if status != 200:
            return f"change form answered {status}"
        parser = SubmittedValues("listicle_form")
        parser.feed(page.decode())
        values = [(name, value) for name, value in parser.values if "__prefix__" not in name]
        values = [(name, value) for name, value in values if name not in ("dek", "csrfmiddlewaretoken")]
        values += [
            ("dek", f"{self.content['dek']} Bench edit {self.number:06d}."),
            ("csrfmiddlewaretoken", CSRF),
        ]
        values.append(("_draft", "publish"))
        headers = {
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{HOST}:{self.port}",
            "Referer": f"http://{HOST}:{self.port}{self.content['change']}",
        }
        status, _, page = request(self.port, "POST", self.content["change"], headers, urlencode(values))
        if status not in (302, 303):
            errors = re.findall(rb'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)[:3]
            return f"save answered {status}: {b' '.join(errors)[:300]!r}"
        self.acknowledged.append((self.number, time.time()))
        return None

    def run(self):
        next_at = time.monotonic()
        while not self.stop.is_set():
            try:
                failure = self.edit()
            except OSError as error:
                failure = f"edit failed: {error}"
            if failure:
                self.failures.append(failure)
            next_at += 1
            self.stop.wait(max(0.0, next_at - time.monotonic()))


class Sampler(threading.Thread):
    """Asks for the article as an anonymous browser 10 times a second, accepting `encoding`, and
    notes which edit each page shows. The bench runs one per encoding nginx keeps a copy of (gzip,
    Brotli when the bench can decode it, none): a purge must reach each copy."""

    def __init__(self, port, path, encoding):
        super().__init__(daemon=True)
        self.port, self.path, self.encoding = port, path, encoding
        self.stop = threading.Event()
        self.samples = []  # (sent_at, marker or None)
        self.statuses = {}
        self.cache = {}  # nginx's X-Cache-Status

    def run(self):
        headers = {"Accept-Encoding": self.encoding, "Accept": "text/html"}
        while not self.stop.wait(SAMPLE_EVERY):
            sent_at = time.time()
            try:
                status, found, page = request(self.port, "GET", self.path, headers)
            except OSError:
                status, found, page = 0, {}, b""
            self.statuses[status] = self.statuses.get(status, 0) + 1
            cache = found.get("x-cache-status", ["-"])[0]
            self.cache[cache] = self.cache.get(cache, 0) + 1
            markers = [int(n) for n in MARKER.findall(page)] if status == 200 else []
            self.samples.append((sent_at, min(markers) if markers else None))


def counted(dicts):
    total = {}
    for counts in dicts:
        for name, count in counts.items():
            total[name] = total.get(name, 0) + count
    return total


# --- wrk ------------------------------------------------------------------------------------------


def lua_script(name, body):
    path = WORKDIR / f"{name}.lua"
    path.write_text(body + REPORT_LUA)
    return path


def lua_list(values):
    return "{" + ", ".join(json.dumps(value) for value in values) + "}"


def get_script(name):
    """GETs as a browser makes them, anonymous."""
    return lua_script(
        name, f'wrk.headers["Accept-Encoding"] = "{BROWSER_ENCODING}"\nwrk.headers["Accept"] = "text/html"\n'
    )


def page_view_script(name, page, me, sessions):
    """A signed-in reader's page view: the public page, then its private `me` request."""
    cookies = [f"sessionid={key}" for key in sessions]
    return lua_script(
        name,
        f"""
local cookies = {lua_list(cookies)}
local n = 0
request = function()
  n = n + 1
  local cookie = cookies[math.floor((n - 1) / 2) % #cookies + 1]
  if n % 2 == 1 then
    return wrk.format("GET", "{page}", {{["Cookie"] = cookie, ["Accept-Encoding"] = "{BROWSER_ENCODING}",
      ["Accept"] = "text/html"}})
  end
  return wrk.format("GET", "{me}", {{["Cookie"] = cookie, ["Accept-Encoding"] = "{BROWSER_ENCODING}",
    ["Accept"] = "application/json"}})
end
""",
    )


def react_script(name, tokens, origin):
    """POSTs as reactions.js makes them: a new anonymous reader each, the token from `me`."""
    return lua_script(
        name,
        f"""
counting = true
local tokens = {lua_list(tokens)}
local kinds = {{"love", "swoon", "lol", "wow", "sad", "angry"}}
ok, sent, codes = 0, 0, ""
request = function()
  sent = sent + 1
  local token = tokens[sent % #tokens + 1]
  return wrk.format("POST", nil, {{["Cookie"] = "csrftoken=" .. token, ["X-CSRFToken"] = token,
    ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json",
    ["Origin"] = "{origin}"}}, "kind=" .. kinds[math.random(#kinds)])
end
response = function(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1
  elseif #codes < 400 then codes = codes .. status .. " " end
end
""",
    )


def wrk(url, script, seconds, connections=CONNECTIONS):
    """One wrk run; then, once wrk has stopped, the requests it left in flight are let finish
    (`drain`), so that they do not slow the next run down while it is being measured."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s", "--latency"]
    command += ["-s", str(script), url]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)  # noqa: S603
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed: {finished.stderr.strip()[-500:]}")
    port = urlsplit(url).port
    drain(APP_PORT if port == NGINX_PORT else port)
    return harness.parse_wrk(finished.stdout)


def drain(port):
    """Wait until the app server has answered what is queued: 8 bare requests (its 2 workers × 4
    threads) answered means the requests before them were taken up; a little more for the last."""
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: request(port, "GET", "/bench/bare/", timeout=120), range(8)))
    time.sleep(0.2)


def measure(url, script, *, per_view=1, least=0):
    """A warm-up run, then RUNS measured ones (of `least` seconds at least): the figure, with every
    run (warm-up too) kept."""
    warmup = wrk(url, script, max(WARMUP, least // 2))
    runs = [wrk(url, script, max(DURATION, least)) for _ in range(RUNS)]
    figure = harness.summary(runs, per_view=per_view)
    figure["all_runs"] = [warmup, *runs]
    return figure


def url(port, path):
    return f"http://{HOST}:{port}{path}"


# --- phases -------------------------------------------------------------------------------------


def warm_workers(port, content):
    """A few of each reader request straight to the app server, 8 at a time, so that every
    worker has loaded its templates and code before anything is measured, as a deployed one has."""
    signed_in = {"Cookie": f"sessionid={content['sessions'][0]}", "Accept": "application/json"}
    calls = [(content["article"], {"Accept": "text/html"}), (content["me"], signed_in)] * 8
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda call: request(port, "GET", *call), calls))


def anonymous_article_with_edits(content):
    """The article through nginx while the editor saves every second and the samplers read."""
    editor = Editor(NGINX_PORT, content)
    encodings = ["gzip", "identity"] + (["br"] if brotli else [])
    samplers = [Sampler(NGINX_PORT, content["article"], encoding) for encoding in encodings]
    for thread in (editor, *samplers):
        thread.start()
    try:
        figure = measure(url(NGINX_PORT, content["article"]), get_script("article"))
    finally:
        for thread in (editor, *samplers):
            thread.stop.set()
            thread.join()
    samples = [sample for sampler in samplers for sample in sampler.samples]
    fresh = harness.freshness(samples, editor.acknowledged, grace=GRACE)
    return figure, {
        "samples": fresh.samples,
        "encodings": encodings,
        "unmarked": fresh.unmarked,
        "violations": fresh.violations[:20],
        "violation_count": len(fresh.violations),
        "worst_lag_s": fresh.worst_lag,
        "edits_acknowledged": len(editor.acknowledged),
        "edit_failures": editor.failures[:5],
        "edit_failure_count": len(editor.failures),
        "sampler_statuses": counted(sampler.statuses for sampler in samplers),
        "sampler_cache_status": counted(sampler.cache for sampler in samplers),
        "passed": fresh.passed,
    }


def react_posts(content, tokens):
    """The wrk figure, then a closed run whose every post is answered: rows equal 2xx answers."""
    before = reaction_rows(content["pk"])
    figure = measure(url(NGINX_PORT, content["react"]), react_script("react", tokens, url(NGINX_PORT, "")))
    time.sleep(1)  # posts wrk left in flight finish on the server
    after_wrk = reaction_rows(content["pk"])
    runs = figure["all_runs"]
    wrk_run = {
        "rows_added": after_wrk - before,
        "acknowledged": sum(run["ok"] for run in runs),
        "sent": sum(run["sent"] for run in runs),
        "answered": sum(run["requests"] for run in runs),
    }
    wrk_run["unanswered"] = wrk_run["sent"] - wrk_run["answered"]

    def post(n):
        token = tokens[n % len(tokens)]
        headers = {
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": url(NGINX_PORT, ""),
        }
        status, _, _ = request(NGINX_PORT, "POST", content["react"], headers, "kind=love")
        return status

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        statuses = list(pool.map(post, range(EXACT_POSTS)))
    closed = {
        "posts": EXACT_POSTS,
        "acknowledged": sum(200 <= status < 300 for status in statuses),
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "rows_added": reaction_rows(content["pk"]) - after_wrk,
    }
    return figure, {"wrk": wrk_run, "closed": closed}


def memory_passes(server, content, tokens):
    """Every reader request straight to gunicorn: a warm-up pass, then a measured one."""
    scripts = [
        (content["article"], get_script("memory-article")),
        (
            content["article"],
            page_view_script("memory-signed-in", content["article"], content["me"], content["sessions"]),
        ),
        (content["react"], react_script("memory-react", tokens, url(APP_PORT, ""))),
    ]

    def one_pass():
        return sum(
            wrk(url(APP_PORT, path), script, MEMORY_SEGMENT, connections=8)["requests"]
            for _ in range(MEMORY_CYCLES)
            for path, script in scripts
        )

    # The warm-up is as long as the measured pass: each worker has rendered every page and met the
    # most threads at once before memory is first read, so what grows after is what stays.
    warm = one_pass()
    before = server.rss_kib()
    measured = one_pass()
    after = server.rss_kib()
    return {"warm_up_requests": warm, "measured_requests": measured, "before_kib": before, "after_kib": after}


def warm_queries(content):
    """SQL queries per request with the caches as the run left them (Redis warm), through Django's
    test client in this process: what the signed-in view's `me` and a react post cost."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    signed_in = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT="application/json")
    signed_in.cookies["sessionid"] = content["sessions"][1]
    anonymous = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT="application/json")
    counts = {}
    for name, client, method, path in (
        ("article (rendered, no nginx)", anonymous, "get", content["article"]),
        ("me (signed-in reader)", signed_in, "get", content["me"]),
        ("me (anonymous)", anonymous, "get", content["me"]),
        (
            "react POST (new reader)",
            Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT="application/json"),
            "post",
            content["react"],
        ),
    ):
        if method == "get":
            client.get(path)  # the first request warms what the second reads
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path) if method == "get" else client.post(path, {"kind": "love"})
        counts[name] = len(queries) if response.status_code == 200 else f"answered {response.status_code}"
    connection.close()
    return counts


def cold_render(content):
    """The article from a gunicorn with every Django cache off; SQL queries per response."""
    server = Gunicorn(COLD_PORT, BENCH_CACHE_OFF="1", BENCH_COUNT_QUERIES="1")
    try:
        # Each worker's first database connection asks PostgreSQL once for the hstore and citext
        # type ids (django.contrib.postgres, kept for the process): warmed first, as a deployed
        # worker is, so that what is counted is what every render costs.
        warm_workers(COLD_PORT, content)
        queries = {}
        signed_in = {"Cookie": f"sessionid={content['sessions'][0]}", "Accept": "application/json"}
        for name, path, headers in (
            ("article", content["article"], {"Accept": "text/html"}),
            ("me (signed-in reader)", content["me"], signed_in),
            ("me (anonymous)", content["me"], {"Accept": "application/json"}),
        ):
            counts = []
            for _ in range(3):
                status, found, _ = request(COLD_PORT, "GET", path, headers)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status} with every cache off")
                counts.append(int(found["x-bench-queries"][0]))
            queries[name] = max(counts)
        # A cold render takes long enough that 32 connections wait seconds each (Little's law):
        # runs of 10 s at least, or a short run would end before most answers arrive.
        figure = measure(url(COLD_PORT, content["article"]), get_script("cold"), least=10)
    finally:
        server.stop()
    return figure, queries


# --- report -------------------------------------------------------------------------------------


def report(results):
    figures, bare = results["figures"], results["figures"]["bare"]["rps"]
    fresh, react, memory = results["freshness"], results["react"], results["memory"]
    cold_queries = results["cold_queries"]["article"]
    checks = [
        harness.check("bare Django view, straight to gunicorn", figures["bare"], bare),
        harness.check(
            "article, anonymous, through nginx (an edit every second)",
            figures["article"],
            bare,
            TARGETS["article"],
            [harness.no_errors(figures["article"])],
        ),
        harness.check(
            "signed-in reader through nginx: page + private `me` = 1 view",
            figures["signed_in"],
            bare,
            TARGETS["signed_in"],
            [harness.no_errors(figures["signed_in"])],
            unit="views/s",
        ),
        harness.check(
            "article, every Django cache off (DummyCache), straight to gunicorn",
            figures["cold"],
            bare,
            TARGETS["cold"],
            [harness.at_most_queries(cold_queries, MAX_COLD_QUERIES), harness.no_errors(figures["cold"])],
        ),
        harness.check(
            "react POST through nginx, token from `me`",
            figures["react"],
            bare,
            TARGETS["react"],
            [*harness.rows_match(react["closed"], react["wrk"]), harness.no_errors(figures["react"])],
        ),
        harness.freshness_check(fresh, GRACE),
        harness.memory_check(
            memory["before_kib"], memory["after_kib"], FLAT_MIB, memory["measured_requests"]
        ),
    ]
    settings = results["settings"]
    queries = ", ".join(f"{name} {count}" for name, count in results["cold_queries"].items())
    cache = ", ".join(f"{name} {count}" for name, count in sorted(fresh["sampler_cache_status"].items()))
    judged = [item for item in checks if item.judged]
    met = sum(item.passed for item in judged)
    lines = [
        harness.render_table(checks),
        "",
        f"SQL queries per response with every Django cache off: {queries}.",
        "SQL queries with the caches warm (test client): "
        + ", ".join(f"{name} {count}" for name, count in results["warm_queries"].items())
        + ".",
        f"nginx cache status of the freshness samples (X-Cache-Status): {cache}.",
        f"{'PASS' if met == len(judged) else 'FAIL'}: {met} of {len(judged)} targets met.",
        f"({settings['when']}; nginx in front of gunicorn -c deploy/gunicorn.conf.py, "
        f"{settings['workers']} gthread workers; wrk {settings['connections']} connections asking for gzip; "
        f"{settings['runs']} runs of {settings['seconds']} s after a {settings['warmup']} s warm-up; "
        f"load average before the run {settings['load_before']}. A shared 2-core machine: wrk, nginx and "
        "gunicorn share the cores with other work, so figures move 15% and more between runs.)",
    ]
    return "\n".join(lines), checks


def update_readme(table):
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        readme.write_text(before + start + "\n" + table + "\n" + end + rest.split(end, 1)[1])


def main():
    # A stopped bench (SIGTERM, Ctrl-C) still stops the gunicorn and nginx it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: `apt-get install -y {tool}` (make bench does it when it can).")
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    prepare_database()
    content = build_content()
    results = {
        "settings": {
            "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "short": SHORT,
            "workers": WORKERS,
            "connections": CONNECTIONS,
            "runs": RUNS,
            "seconds": DURATION,
            "warmup": WARMUP,
            "load_before": load_before,
        }
    }
    figures = {}
    server = Gunicorn(APP_PORT)
    nginx = None
    try:
        nginx = Nginx(NGINX_PORT, APP_PORT)
        results["memory_start_kib"] = server.rss_kib()
        warm_workers(APP_PORT, content)
        bare_first = measure(url(APP_PORT, "/bench/bare/"), get_script("bare"))
        figures["article"], results["freshness"] = anonymous_article_with_edits(content)
        figures["signed_in"] = measure(
            url(NGINX_PORT, content["article"]),
            page_view_script("signed-in", content["article"], content["me"], content["sessions"]),
            per_view=2,
        )
        tokens = csrf_tokens(NGINX_PORT, content["me"], 64)
        figures["react"], results["react"] = react_posts(content, tokens)
        bare_last = measure(url(APP_PORT, "/bench/bare/"), get_script("bare"))
        # The bare view first and last: a phase the shared machine spent on something else must
        # not set the baseline of every ratio alone.
        figures["bare"] = harness.summary(bare_first["all_runs"][1:] + bare_last["all_runs"][1:])
        results["memory"] = memory_passes(server, content, tokens)
    finally:
        if nginx is not None:
            nginx.stop()
        server.stop()
    results["warm_queries"] = warm_queries(content)
    figures["cold"], results["cold_queries"] = cold_render(content)
    for figure in figures.values():
        figure.pop("all_runs", None)
    results["figures"] = figures
    results["targets"] = TARGETS
    text, checks = report(results)
    results["checks"] = [
        {"label": c.label, "ratio": c.ratio, "target": c.target, "result": c.verdict} for c in checks
    ]
    out = ROOT / "bench" / "results" / ("latest-short.json" if SHORT else "latest.json")
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    (out.with_suffix(".md")).write_text(text + "\n")
    print(text)
    if not SHORT:
        update_readme(text)
    shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()

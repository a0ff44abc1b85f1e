"""Where an article render goes: the demo article with 200 comments, every Django cache off.

The demo plus 200 published comments (a third threads, the rest replies, as `bench.run` makes
them), rendered through the test client with `DEBUG` off and every Django cache a DummyCache (a
true cold render). SQLite in a throwaway folder unless PROFILE_DATABASE_URL names another
database (it is emptied: use your own). Run with `python -m bench.profile_article`; prints the
milliseconds per render and where they go (queries, the comment section, related reading, the
page template, the rest), then the top functions by cumulative and own time.
"""

import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="soompi-profile-"))
os.environ["DATABASE_URL"] = (
    os.environ.get("PROFILE_DATABASE_URL") or f"sqlite:///{WORKDIR / 'profile.sqlite3'}"
)
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "profile-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

EVERY_CACHE_OFF = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
COMMENTS = 200


def build():
    """The demo article and its 200 comments (bench.run.build_content's shape)."""
    from articles.models import Listicle
    from comments.models import Comment
    from tests import factories

    call_command("flush", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("loaddemo", allow_demo_passwords=True, verbosity=0)
    demo = Listicle.objects.get(slug="12-most-memorable-k-drama-confession-scenes")
    readers = [factories.reader_account(f"Profile reader {n}", username=f"profile{n}") for n in range(20)]
    thread = None
    for n in range(COMMENTS):
        fields = {"listicle": demo, "user": readers[n % 20], "body": f"Comment {n}", "status": "published"}
        if n % 3 == 0:
            thread = Comment.objects.create(**fields)
        else:
            Comment.objects.create(parent=thread, thread=thread, **fields)
    return demo.get_absolute_url()


class Phases:
    """CPU time of this process per phase of a render (steadier than wall time on a shared
    machine), and the queries with their time."""

    def __init__(self):
        self.seconds = defaultdict(float)
        self.queries = 0

    def wrap(self, owner, name, phase):
        real = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                self.seconds[phase] += time.process_time() - start

        setattr(owner, name, timed)

    def sql(self, execute, sql, params, many, context):
        start = time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds["SQL execute (SQLite reads rows at fetch, PostgreSQL runs apart)"] += (
                time.process_time() - start
            )
            self.queries += 1

    @contextmanager
    def measuring(self):
        with connection.execute_wrapper(self.sql):
            yield


def main(rounds=100):
    url = build()
    from articles import views
    from comments.part import CommentsPart
    from reactions.part import ReactionsPart

    client = Client()
    with override_settings(CACHES=EVERY_CACHE_OFF):
        for _ in range(10):
            assert client.get(url, secure=True).status_code == 200
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(rounds):
            client.get(url, secure=True)
        whole = (time.perf_counter() - start) / rounds * 1000
        cpu = (time.process_time() - cpu) / rounds * 1000
        print(
            f"{whole:.2f} ms wall, {cpu:.2f} ms CPU per cold render ({rounds} renders, {COMMENTS} comments)"
        )
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        phases = Phases()
        phases.wrap(CommentsPart, "page_context", "comment section (2 queries, 60 comments' HTML)")
        phases.wrap(views, "related_to_listicle", "related reading (2 queries)")
        phases.wrap(ReactionsPart, "page_context", "reaction box and poll (1 query)")
        phases.wrap(views, "entries_html", "entries' HTML (written in Python)")
        phases.wrap(SimpleTemplateResponse, "render", "page template")
        phases.wrap(views, "read_entries", "entries, credits, scenes, links (4 queries)")
        start = time.process_time()
        with phases.measuring():
            for _ in range(rounds):
                response = client.get(url, secure=True)
        total = (time.process_time() - start) / rounds * 1000
        size = len(response.content) // 1024
        print(
            f"{total:.2f} ms CPU per render timed by phase; {phases.queries / rounds:.0f} queries, {size} KB"
        )
        for phase, seconds in sorted(phases.seconds.items(), key=lambda item: -item[1]):
            print(f"  {phase:<55} {seconds / rounds * 1000:6.2f} ms")

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(rounds):
            client.get(url, secure=True)
        profile.disable()
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()

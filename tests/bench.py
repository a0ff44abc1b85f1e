"""Speed and memory benchmarks for reader pages: `make bench`.

Builds a throwaway SQLite database with the demo article and a 60-entry listicle,
then renders the public pages many times through Django's test client and reports
median and 95th-percentile time, SQL queries and peak memory per request. Exits
non-zero when a page misses its budget, so the budgets are enforced where they
are measured (not in timed unit tests).

Then `tests/bench_reactions.py`, in a process of its own, measures the react endpoint on
PostgreSQL (the `DATABASE_URL` given to `make bench`, or BENCH_DATABASE_URL) with concurrent
clients: SQL queries per reaction and reactions per second.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="soompi-bench-"))
os.environ.setdefault("BENCH_DATABASE_URL", os.environ.get("DATABASE_URL", ""))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("MEDIA_ROOT", str(WORKDIR / "media"))
os.environ["PAGE_CACHE_SECONDS"] = "0"  # the budgets are for rendering a page, not for a cache hit
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

# name -> (budget for the median in ms, budget for SQL queries, budget for peak memory in KiB)
BUDGETS = {
    "article (demo, 12 entries)": (30, 12, 1024),
    "article (60 entries)": (100, 12, 4096),
    "article (300 comments)": (60, 12, 2048),
    "home": (15, 4, 512),
    "drama": (20, 6, 512),
    "search": (20, 8, 512),  # the names found, the page, its tags, the entries that matched
}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 60))


def add_comments(listicle, count):
    """A third of them threads, the rest replies, from ten readers."""
    from comments.models import Comment
    from tests import factories

    readers = [factories.reader_account(f"Bench reader {n}", username=f"bench{n}") for n in range(10)]
    thread = None
    for n in range(count):
        if n % 3 == 0:
            thread = Comment.objects.create(listicle=listicle, user=readers[n % 10], body=f"Thread {n}")
        else:
            Comment.objects.create(
                listicle=listicle, user=readers[n % 10], body=f"Reply {n}", parent=thread, thread=thread
            )


def build_content():
    from articles.models import Listicle
    from tests import factories

    call_command("migrate", verbosity=0)
    call_command("loaddemo", verbosity=0)
    big = factories.PublishedListicleFactory(title="60 scenes", slug="sixty-scenes")
    for position in range(60):
        factories.full_entry(big, position=position)
    demo = Listicle.objects.get(slug="12-most-memorable-k-drama-confession-scenes")
    drama = demo.entries.first().drama
    discussed = factories.PublishedListicleFactory(title="Discussed", slug="discussed")
    factories.full_entry(discussed)
    add_comments(discussed, 300)
    return {
        "article (demo, 12 entries)": demo.get_absolute_url(),
        "article (60 entries)": big.get_absolute_url(),
        "article (300 comments)": discussed.get_absolute_url(),
        "home": "/",
        "drama": drama.get_absolute_url(),
        "search": "/search/?q=confession",
    }


def measure(client, url):
    client.get(url)  # warm caches and template loading
    timings, queries = [], 0
    for _ in range(ROUNDS):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(connection.queries)
    tracemalloc.start()
    client.get(url)
    peak = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries, peak


def main():
    import pytest

    from tests import status_guard

    # The content is set up as the tests set theirs up: factories may give a listicle its status.
    with pytest.MonkeyPatch.context() as patch, status_guard.lenient_for_tests(patch):
        urls = build_content()
    client = Client()
    failed = []
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'peak KiB':>10}  budget")
    with override_settings(DEBUG=True):  # DEBUG records queries
        for name, url in urls.items():
            median, p95, queries, peak = measure(client, url)
            ms_budget, query_budget, kib_budget = BUDGETS[name]
            ok = median <= ms_budget and queries <= query_budget and peak <= kib_budget
            failed += [] if ok else [name]
            print(
                f"{name:<28}{median:>10.1f}{p95:>9.1f}{queries:>9}{peak:>10.0f}  "
                f"{ms_budget} ms, {query_budget} queries, {kib_budget} KiB {'ok' if ok else 'MISSED'}"
            )
    reactions = subprocess.run([sys.executable, "-m", "tests.bench_reactions"], check=False)
    if reactions.returncode:
        failed.append("reactions on PostgreSQL")
    if failed:
        print("Over budget: " + ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()

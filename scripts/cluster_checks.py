"""The checks of make cluster-test, against two app servers (A, B) behind nginx (N), one PostgreSQL
primary with a streaming replica, one Redis and an S3-compatible server.

    python scripts/cluster_checks.py A_URL B_URL NGINX_URL REPLICA_PSQL_PORT

Prints one line per check with its figures; exits non-zero if any fails.
"""

import io
import re
import sys
import time
from pathlib import Path

import psycopg2
import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from probe import Browser, article_path  # noqa: E402

from tests.admin_forms import SubmittedValues  # noqa: E402

A, B, N, REPLICA_PORT = sys.argv[1:5]
FAILED = []
JSON = {"Accept": "application/json"}


def check(name, ok, figures=""):
    print(f"{'ok' if ok else 'NOT OK'}: {name}{f' ({figures})' if figures else ''}", flush=True)
    if not ok:
        FAILED.append(name)


def form(browser, path, form_id, base, **changes):
    """The admin form at `path` as a browser would submit it, with `changes` typed over it."""
    parser = SubmittedValues(form_id)
    parser.feed(browser.get(path, base).text)
    data = {}
    for name, value in parser.values:
        if "__prefix__" not in name and name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return {**data, **{k: [v] for k, v in changes.items()}}


def replica_sql(sql):
    with psycopg2.connect(host="127.0.0.1", port=REPLICA_PORT, user="postgres", dbname="soompi") as db:
        db.autocommit = True
        with db.cursor() as cursor:
            cursor.execute(sql)


def total(base, path, browser=None):
    getter = browser.get if browser else (lambda p, b: requests.get(b + p, timeout=10))
    return getter(path + "reactions/", base).json()


def within(seconds, condition):
    """Seconds until `condition()` holds, or -1."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return round(time.monotonic() - started, 3)
        time.sleep(0.02)
    return -1


article = article_path(N)

# 1. A reaction posted on one instance is counted on the other.
before = total(B, article)["total"]
reader = Browser(A)
reader.get(article)
posted = reader.post(article + "react/", {"kind": "wow"}, headers=JSON)
mine_on_b = total(B, article, reader)
lag = within(5, lambda: total(B, article)["total"] == before + 1)
check(
    "a reaction posted on A is counted on B",
    posted.status_code == 200
    and mine_on_b["total"] == before + 1
    and mine_on_b["mine"] == "wow"
    and lag >= 0,
    f"the reader sees it on B at once; other readers within {lag} s (replication)",
)

# 2. A sign-in on one instance is valid on the other.
editor = Browser(A)
editor.login()
check("a sign-in on A is valid on B and through nginx", editor.signed_in(B) and editor.signed_in(N))

# 3. A publish and an edit made on one instance are visible on the other on the next request.
changelist = editor.get("/admin/articles/listicle/?q=cluster-draft", A).text
draft_id = re.search(r'name="_selected_action" value="(\d+)"', changelist).group(1)
published = editor.post(
    "/admin/articles/listicle/", {"action": "publish_selected", "_selected_action": draft_id, "index": "0"}, A
)
home_for_editor = editor.get("/", B).text
lag = within(5, lambda: "Cluster draft" in requests.get(B + "/", timeout=10).text)
check(
    "a publish on A is visible on B",
    published.status_code == 302 and "Cluster draft" in home_for_editor and lag >= 0,
    f"the editor's next request on B shows it; readers' within {lag} s",
)
change = f"/admin/articles/listicle/{draft_id}/change/"
data = form(editor, change, "listicle_form", A, title="Cluster draft, edited")
edited = editor.post(change, data, A)
path = re.search(r'href="(/article/\d+/[\w-]+/)"', requests.get(A + "/", timeout=10).text).group(1)
lag = within(5, lambda: "Cluster draft, edited" in requests.get(B + "/", timeout=10).text)
check("an edit on A is visible on B", edited.status_code == 302 and lag >= 0, f"within {lag} s")

# 4. An image uploaded through one instance is served by the other.
png = io.BytesIO()
Image.new("RGB", (16, 16), "pink").save(png, "PNG")
author_id = re.search(
    r'href="/admin/articles/author/(\d+)/change/', editor.get("/admin/articles/author/", A).text
).group(1)
change = f"/admin/articles/author/{author_id}/change/"
data = form(editor, change, "author_form", A)
token = editor.cookies["csrftoken"]
uploaded = requests.post(
    A + change,
    data,
    files={"avatar": ("avatar.png", png.getvalue(), "image/png")},
    cookies=editor.cookies,
    headers={"X-CSRFToken": token, "Origin": A},
    allow_redirects=False,
    timeout=10,
)
author_page = editor.get(change, B).text
image = re.search(r'href="(http://127\.0\.0\.1:\d+/[^"]+avatar[^"]*\.png)"', author_page)
served = requests.get(image.group(1), timeout=10) if image else None
check(
    "an image uploaded through A is served to B's pages from the bucket",
    uploaded.status_code == 302
    and served is not None
    and served.status_code == 200
    and served.content == png.getvalue(),
    image.group(1) if image else "no image link on B",
)

# 5. The replica serves reader pages, and a reader sees their own reaction at once.
replica_sql("SELECT pg_wal_replay_pause()")
try:
    frozen = total(B, article)["total"]
    own = Browser(N)
    own.get(article)
    own.post(article + "react/", {"kind": "love"}, headers=JSON)
    seen_by_self = total(N, article, own)
    seen_by_others = [total(base, article)["total"] for base in (A, B, N)]
finally:
    replica_sql("SELECT pg_wal_replay_resume()")
lag = within(5, lambda: total(B, article)["total"] == frozen + 1)
check(
    "reader pages come from the replica (paused, it still shows the old count to other readers)",
    seen_by_others == [frozen] * 3,
    f"{seen_by_others} while paused; {frozen + 1} within {lag} s of resuming",
)
check(
    "a reader sees their own reaction at once (pinned to the primary after posting)",
    seen_by_self["total"] == frozen + 1 and seen_by_self["mine"] == "love",
)

print("Celery worker: no background tasks exist yet; the reply-email check joins with comments.")
sys.exit(1 if FAILED else 0)

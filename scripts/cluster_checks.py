"""The checks of make cluster-test, against two app servers (A, B) behind nginx (N), one PostgreSQL
primary with a streaming replica, one Redis and an S3-compatible server.

    python scripts/cluster_checks.py A_URL B_URL NGINX_URL REPLICA_PSQL_PORT OUTBOX

OUTBOX is the folder every app server and the Celery worker send their email into
(EMAIL_FILE_PATH); the reader accounts ana@ and ben@example.com exist (see cluster-test.sh).

Prints one line per check with its figures; exits non-zero if any fails.
"""

import io
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from probe import FAILED, Browser, article_path, check, form  # noqa: E402

A, B, N, REPLICA_PORT, OUTBOX = sys.argv[1:6]
READER_PASSWORD = "cluster-reader-passphrase-9"
JSON = {"Accept": "application/json"}


def replica_sql(sql):
    with psycopg.connect(host="127.0.0.1", port=REPLICA_PORT, user="postgres", dbname="soompi") as db:
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
# A live article's form saves a draft; "Publish changes" on the same form makes it what readers see.
data = form(editor, change, "listicle_form", A, title="Cluster draft, edited", _draft="publish")
edited = editor.post(change, data, A)
path = re.search(r'href="(/article/\d+/[\w-]+/)"', requests.get(A + "/", timeout=10).text).group(1)
lag = within(5, lambda: "Cluster draft, edited" in requests.get(B + "/", timeout=10).text)
check("an edit on A is visible on B", edited.status_code in (302, 303) and lag >= 0, f"within {lag} s")

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
    # Counts are kept for every reader (made again by the post that changed them), so the probe
    # is a reader's own reaction, read on each request: once their pin to the primary is gone
    # (as it expires), they read it from the replica, still without the reaction.
    later = Browser(N)
    later.get(article)
    later.post(article + "react/", {"kind": "wow"}, headers=JSON)
    later.cookies.pop("primary", None)
    seen_by_others = [total(base, article, later)["mine"] for base in (A, B, N)]
finally:
    replica_sql("SELECT pg_wal_replay_resume()")
lag = within(5, lambda: total(B, article, later)["mine"] == "wow")
check(
    "reader pages come from the replica (paused, a reader no longer pinned does not see their reaction yet)",
    seen_by_others == [None] * 3 and lag >= 0,
    f"{seen_by_others} while paused; seen within {lag} s of resuming",
)
check(
    "a reader sees their own reaction at once (pinned to the primary after posting)",
    seen_by_self["total"] == frozen + 1 and seen_by_self["mine"] == "love",
)


# 6. A reader signed in through /accounts/login/ on one instance is signed in on the other.
def reader_login(base, email):
    browser = Browser(base)
    browser.get("/accounts/login/")
    response = browser.post("/accounts/login/", {"login": email, "password": READER_PASSWORD})
    return browser, response.status_code


ana, status = reader_login(A, "ana@example.com")
on_b = ana.get("/accounts/profile/", B)
check(
    "a reader signed in on A is signed in on B",
    status == 302 and on_b.status_code == 200 and "Ana" in on_b.text,
    f"sign-in {status}, B's account page {on_b.status_code}",
)


# 7. A comment held for moderation, approved on one instance, is visible on the other.
def comments_page(base, browser=None):
    path = article + "comments/"
    return (browser.get(path, base) if browser else requests.get(base + path, timeout=10)).text


def approve(comment_id):
    return editor.post(
        "/admin/comments/comment/", {"action": "approve", "_selected_action": comment_id, "index": "0"}, A
    )


posted = ana.post(article + "comments/", {"body": "Ana's first word on this list."}, A, headers=JSON)
comment = posted.json() if posted.status_code == 201 else {}
anchor = f'id="comment-{comment.get("id")}"'
hidden_on_b = anchor not in comments_page(B)
approved = approve(comment.get("id"))
seen_by_editor = anchor in comments_page(B, editor)
lag = within(5, lambda: anchor in comments_page(B))
check(
    "a comment approved on A is visible on B",
    comment.get("status") == "pending"
    and hidden_on_b
    and approved.status_code == 302
    and seen_by_editor
    and lag >= 0,
    f"held as {comment.get('status')!r}, hidden on B until approved; the moderator's next request on B "
    f"shows it; readers' within {lag} s",
)


# 8. A reply queues its email; the Celery worker sends it, exactly once.
def emails_to(address):
    messages = [m for f in sorted(Path(OUTBOX).glob("*")) for m in f.read_text().split("-" * 79)]
    return [m for m in messages if f"To: {address}" in m and "replied to your comment" in m]


ben, _ = reader_login(B, "ben@example.com")
reply = ben.post(
    article + "comments/", {"body": "Ben agrees with Ana.", "parent": comment.get("id")}, B, headers=JSON
)
reply_id = reply.json().get("id") if reply.status_code == 201 else None
approved = approve(reply_id)  # Ben's first comment waits too; approving it sends Ana the email
lag = within(20, lambda: len(emails_to("ana@example.com")) >= 1)
time.sleep(2)  # room for a duplicate to arrive
sent = emails_to("ana@example.com")
check(
    "a reply's email is sent by the Celery worker, exactly once",
    reply.status_code == 201 and approved.status_code == 302 and len(sent) == 1 and "Ben" in sent[0],
    f"{len(sent)} email(s) to Ana, the first {lag} s after the approval",
)

# 9. An image uploaded through one instance has its renditions made by the Celery worker, never by
#    a page, and served to the other's readers.
listicle_id = re.search(r"/article/(\d+)/", article).group(1)
hero = io.BytesIO()
Image.new("RGB", (1200, 600), "teal").save(hero, "PNG")
change = f"/admin/articles/listicle/{listicle_id}/change/"
data = form(editor, change, "listicle_form", A, hero_alt="A teal hero", _draft="publish")
uploaded = requests.post(
    A + change,
    data,
    files={"hero_image": ("hero.png", hero.getvalue(), "image/png")},
    cookies=editor.cookies,
    headers={"X-CSRFToken": editor.cookies["csrftoken"], "Origin": A},
    allow_redirects=False,
    timeout=30,
)


def hero_renditions_on_b():
    page = requests.get(B + article, timeout=30).text
    if "A teal hero" not in page:  # the replica has not replayed the upload yet
        return []
    hero_html = re.search(r'<figure class="article__hero">(.*?)</figure>', page, re.S)
    return sorted(set(re.findall(r"(https?://[^\s\",]+)\s+\d+w", hero_html.group(1)))) if hero_html else []


lag = within(30, lambda: len(hero_renditions_on_b()) >= 2)
urls = hero_renditions_on_b()
served = [requests.get(url, timeout=10) for url in urls]
check(
    "an image uploaded through A has its renditions made by the worker and served to B's readers",
    uploaded.status_code in (302, 303)
    and len(urls) >= 2
    and all(r.status_code == 200 and r.headers.get("Content-Type", "").startswith("image/") for r in served),
    f"{len(urls)} renditions on B's page {lag} s after the upload, e.g. "
    f"{urlsplit(urls[0]).path if urls else 'none'}",
)

sys.exit(1 if FAILED else 0)

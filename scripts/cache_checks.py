"""Cache correctness through nginx, for make cluster-test: every write readers see reaches a reader
of nginx's page cache at once, purged by the app servers with frontend_cache's nginx backend.

    python scripts/cache_checks.py NGINX_URL APP_URL PRIMARY_PSQL_PORT

Each event: the page is a HIT in nginx before the write; right after the write is acknowledged,
the next reader through nginx sees the change. Then: tracking parameters share an entry, the
private `me` answers are never stored, a comment on one article leaves another a HIT, and a
change made in SQL behind the application's back shows within PAGE_CACHE_SECONDS.

Needs what cluster-test.sh sets up: the demo, the readers ana@ (with a published comment on the
demo article, from cluster_checks.py), ben@ and cleo@example.com, the draft "Cluster draft"
published by cluster_checks.py, COMMENT_FLAG_LIMIT=1 with every reader trusted.
"""

import os
import re
import sys
import time
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from probe import FAILED, Browser, check, form  # noqa: E402

N, A, PG_PORT = sys.argv[1:4]
SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "10"))
READER_PASSWORD = "cluster-reader-passphrase-9"
JSON = {"Accept": "application/json"}


def fetch(path, **headers):
    """(status, X-Cache-Status, text) of a reader's GET through nginx, asking for gzip as browsers do."""
    response = requests.get(
        N + path,
        headers={"Accept-Encoding": "gzip, deflate, br", **headers},
        allow_redirects=False,
        timeout=10,
    )
    return response.status_code, response.headers.get("X-Cache-Status"), response.text


REPEAT = float(os.environ.get("FRONTEND_CACHE_REPEAT_SECONDS", "1"))


def warm(path):
    """The page as nginx keeps it: (a HIT on a later read, its text). The previous write's purge is
    repeated REPEAT seconds after it, so a read that lands just after that repetition is a MISS and
    is read again, for up to twice that long."""
    fetch(path)
    deadline = time.monotonic() + 2 * REPEAT + 1
    while True:
        _, cache, text = fetch(path)
        if cache == "HIT" or time.monotonic() > deadline:
            return cache == "HIT", text
        time.sleep(0.1)


def event(name, path, write, seen):
    """`path` is a HIT before `write()`; the reader right after its acknowledgement sees `seen(text)`
    (and `seen` did not hold before, so the check proves something)."""
    hit, before = warm(path)
    acknowledged = write()
    started = time.monotonic()
    status, cache, after = fetch(path)
    elapsed = round((time.monotonic() - started) * 1000)
    ok = hit and not seen(before) and acknowledged and seen(after)
    figures = f"HIT before; {cache} {status} right after the acknowledged write, {elapsed} ms"
    if not ok:
        figures += (
            f"; hit {hit}, seen before {seen(before)}, acknowledged {acknowledged}, seen after {seen(after)}"
        )
    check(f"{name}: the next reader of {path} through nginx sees it", ok, figures)


def sql(statement, values):
    """Run `statement` on the primary, as a shell or a migration would, behind the app's back."""
    with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname="soompi") as db:
        db.autocommit = True
        with db.cursor() as cursor:
            cursor.execute(statement, values)
            return cursor.fetchone() if cursor.description else None


def reader_login(email):
    browser = Browser(A)
    browser.get("/accounts/login/")
    response = browser.post("/accounts/login/", {"login": email, "password": READER_PASSWORD})
    assert response.status_code == 302, f"{email} could not sign in ({response.status_code})"
    return browser


def count(pattern, text):
    found = re.search(pattern, text, re.S)
    return int(found.group(1)) if found else None


DEMO = "12-most-memorable-k-drama-confession-scenes"
article = re.search(rf'href="(/article/\d+/{DEMO}/)"', requests.get(A + "/", timeout=10).text).group(1)
article_id = int(re.search(r"/article/(\d+)/", article).group(1))
editor = Browser(A)
editor.login()
ana, ben, cleo = (reader_login(f"{name}@example.com") for name in ("ana", "ben", "cleo"))

# The second article: the draft cluster_checks.py published.
changelist = editor.get("/admin/articles/listicle/?q=cluster-draft").text
other_id = re.search(r'name="_selected_action" value="(\d+)"', changelist).group(1)
other = re.search(rf'href="(/article/{other_id}/[\w-]+/)"', requests.get(A + "/", timeout=10).text).group(1)


def admin_edit(path, form_id, **changes):
    """An editor's save of the admin form at `path` with `changes`: whether it was accepted. A live
    article's form saves a draft, so its edits are published with "Publish changes" (`_draft`)."""
    if form_id == "listicle_form":
        changes.setdefault("_draft", "publish")
    return editor.post(path, form(editor, path, form_id, A, **changes)).status_code in (302, 303)


def bulk(action, listicle_id):
    data = {"action": action, "_selected_action": listicle_id, "index": "0"}
    return editor.post("/admin/articles/listicle/", data).status_code == 302


# Publishing.
event("an unpublish", "/", lambda: bulk("unpublish_selected", other_id), lambda text: other not in text)
event("a publish", "/", lambda: bulk("publish_selected", other_id), lambda text: other in text)

# An edit of the article in the admin: its page and the listings.
change = f"/admin/articles/listicle/{article_id}/change/"
for where, path, dek in (
    ("its page", article, "A dek edited in the admin"),
    ("the home page", "/", "Edited again"),
):
    event(
        f"an edit, on {where}",
        path,
        lambda dek=dek: admin_edit(change, "listicle_form", dek=dek),
        lambda text, dek=dek: dek in text,
    )


# Comments: a comment, a like, a flag that hides one, a moderator's decision.
def post_comment(browser, body):
    response = browser.post(article + "comments/", {"body": body}, headers=JSON)
    return response.json().get("id") if response.status_code == 201 else None


def anchor(comment_id):
    return f'id="comment-{comment_id}"'


posted = {}
event(
    "a comment",
    article,
    lambda: bool(posted.setdefault("ana", post_comment(ana, "Ana again: the cache shows this at once."))),
    lambda text: "the cache shows this at once" in text,
)
comment_id = posted["ana"]
likes = rf'data-comment-actions="{comment_id}".*?data-like-count>(\d+)<'
event(
    "a like",
    article,
    lambda: ben.post(f"/comments/{comment_id}/like/", {}, headers=JSON).status_code == 200,
    lambda text: count(likes, text) == 1,
)
event(
    "a flag that hides a comment",
    article,
    lambda: ben.post(f"/comments/{comment_id}/flag/", {"reason": "spam"}, headers=JSON).status_code == 200,
    lambda text: anchor(comment_id) not in text,
)
event(
    "a moderator's approval",
    article,
    lambda: (
        editor.post(
            "/admin/comments/comment/", {"action": "approve", "_selected_action": comment_id, "index": "0"}
        ).status_code
        == 302
    ),
    lambda text: anchor(comment_id) in text,
)
event(
    "a moderator hiding a comment",
    article,
    lambda: (
        editor.post(
            "/admin/comments/comment/", {"action": "hide", "_selected_action": comment_id, "index": "0"}
        ).status_code
        == 302
    ),
    lambda text: anchor(comment_id) not in text,
)

# Readers' choices.
reactions = r'data-reaction="wow".*?data-reaction-count>(\d+)<'
_, page = warm(article)
wow = count(reactions, page)


def react():
    reader = Browser(A)
    reader.get(article)
    return reader.post(article + "react/", {"kind": "wow"}, headers=JSON).status_code == 200


event("a reaction", article, react, lambda text: count(reactions, text) == wow + 1)
votes = r"data-poll-total>(\d+) vote"
entry = re.search(r'name="entry" value="(\d+)"', page).group(1)
total = count(votes, page)


def vote():
    reader = Browser(A)
    reader.get(article)
    return reader.post(article + "vote/", {"entry": entry}, headers=JSON).status_code == 200


event("a vote", article, vote, lambda text: count(votes, text) == total + 1)

# Reaction kinds: a label changed in the admin shows on every article.
kinds = editor.get("/admin/reactions/reactionkind/").text
kind_change = re.search(r'href="(/admin/reactions/reactionkind/\d+/change/)"', kinds).group(1)
event(
    "a reaction kind renamed",
    other,
    lambda: (
        editor.post(
            kind_change, form(editor, kind_change, "reactionkind_form", A, label="Swooning")
        ).status_code
        == 302
    ),
    lambda text: "Swooning" in text,
)

# Accounts: a rename shows on the reader's comments, an erased account's comments lose their text.


def rename():
    return (
        ana.post("/accounts/profile/", {"display_name": "Ana Lee", "reply_emails": "on"}).status_code == 302
    )


event("an account renamed", article, rename, lambda text: "Ana Lee" in text)
cleo_says = "Cleo was here before erasing."
cleo_id = post_comment(cleo, cleo_says)
editor.post("/admin/comments/comment/", {"action": "approve", "_selected_action": cleo_id, "index": "0"})
event(
    "an account erased with its comments",
    article,
    lambda: (
        cleo.post(
            "/accounts/delete/", {"password": READER_PASSWORD, "erase_comments": "on", "confirm": "on"}
        ).status_code
        == 302
    ),
    lambda text: cleo_says not in text,
)

# The knowledge base and tags.
page = fetch(article)[2]
drama = re.search(r'href="(/drama/[\w-]+/)"', page).group(1)
(drama_id,) = sql("SELECT id FROM dramas_drama WHERE slug = %s", [drama.split("/")[2]])
drama_change = f"/admin/dramas/drama/{drama_id}/change/"
event(
    "a drama edited",
    drama,
    lambda: (
        editor.post(
            drama_change, form(editor, drama_change, "drama_form", A, network="Cluster Network")
        ).status_code
        == 302
    ),
    lambda text: "Cluster Network" in text,
)
actor = re.search(r'href="(/actor/[\w-]+/)"', page).group(1)
(actor_id,) = sql("SELECT id FROM dramas_actor WHERE slug = %s", [actor.split("/")[2]])
actor_change = f"/admin/dramas/actor/{actor_id}/change/"
event(
    "an actor edited",
    actor,
    lambda: (
        editor.post(
            actor_change, form(editor, actor_change, "actor_form", A, bio="Bio set in the cluster.")
        ).status_code
        == 302
    ),
    lambda text: "Bio set in the cluster." in text,
)
tag = re.search(r'href="(/tag/[\w-]+/)"', fetch(other)[2]).group(1)
other_change = f"/admin/articles/listicle/{other_id}/change/"
event(
    "a tag taken off an article",
    tag,
    lambda: (
        editor.post(
            other_change,
            form(editor, other_change, "listicle_form", A, tags="cluster-only", _draft="publish"),
        ).status_code
        in (302, 303)
    ),
    lambda text: other not in text,
)

# The cache key and what is never stored.
status, cache, plain = fetch(article)
tracked = [
    fetch(article + query) for query in ("?utm_source=news&utm_medium=email", "?fbclid=abc", "?gclid=1")
]
check(
    "tracking parameters share the page's entry",
    all(c == "HIT" and t == plain for _, c, t in tracked) and fetch(article + "?sort=newest")[1] != "HIT",
    ", ".join(c for _, c, _ in tracked) + "; ?sort=newest is its own entry",
)
me = [ana.get(article + "me/", N).headers.get("X-Cache-Status") for _ in range(2)]
account = [ana.get("/accounts/me/", N).headers.get("X-Cache-Status") for _ in range(2)]
check("the private me answers are never stored", me + account == ["BYPASS"] * 4, f"{me}, {account}")

time.sleep(1.5)  # past the repeat of the last purge of `other` (FRONTEND_CACHE_REPEAT_SECONDS)
hit, _ = warm(other)
commented = post_comment(ana, "Ana on the first article only.")
after = fetch(other)[1]
check(
    "a comment on one article leaves another a HIT",
    hit and commented and after == "HIT" and anchor(commented) in fetch(article)[2],
    f"HIT before, {after} after",
)

# Behind the application's back: no purge, so it shows once the page is PAGE_CACHE_SECONDS old.
warm(article)
sql("UPDATE articles_listicle SET dek = %s WHERE id = %s", ["Changed in SQL", article_id])
started = time.monotonic()
still = "Changed in SQL" not in fetch(article)[2]
while time.monotonic() - started < SECONDS + 5 and "Changed in SQL" not in fetch(article)[2]:
    time.sleep(0.2)
lag = round(time.monotonic() - started, 1)
check(
    f"a change made in SQL shows within PAGE_CACHE_SECONDS ({SECONDS} s)",
    still and lag <= SECONDS + 1.5,
    f"the cached page first, the change after {lag} s",
)

sys.exit(1 if FAILED else 0)

"""The readership checks of make cluster-test: views counted on both app servers and through nginx
reach the database once each, written by the Celery worker when the site's one beat sends the
flush, and the home page served through nginx's page cache shows them in "Most read this week".

    python scripts/readership_checks.py A_URL B_URL NGINX_URL PG_PORT FLUSH_SECONDS

Prints one line per check with its figures; exits non-zero if any fails.
"""

import html
import re
import sys
import time
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from probe import FAILED, article_path, check  # noqa: E402

A, B, N, PG_PORT, FLUSH_SECONDS = sys.argv[1:6]
FLUSH_SECONDS = float(FLUSH_SECONDS)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
ROBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


SQL = "SELECT coalesce(sum(views), 0) FROM readership_articledailyviews WHERE listicle_id = %s"


def views_in_database(pk):
    with (
        psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname="soompi") as db,
        db.cursor() as cursor,
    ):
        cursor.execute(SQL, [pk])
        return cursor.fetchone()[0]


def rail_views(path):
    """The views "Most read this week" shows for the article at `path` on the home page through
    nginx, or None."""
    page = requests.get(N + "/", timeout=10).text
    rail = re.search(r'<aside class="most-read".*?</aside>', page, re.S)
    if not rail:
        return None
    for found, views in re.findall(
        r'<a class="most-read__link" href="([^"]+)">[^<]+</a>\s*<span class="most-read__views">([\d,]+) view',
        rail.group(0),
    ):
        if html.unescape(found) == path:
            return int(views.replace(",", ""))
    return None


def main():
    path = article_path(N)
    pk = int(path.split("/")[2])
    before = views_in_database(pk)
    sent = {A: 7, B: 5, N: 3}
    answered = 0
    for base, times in sent.items():
        for _ in range(times):
            response = requests.get(f"{base}{path}me/?view=1", headers={"User-Agent": BROWSER}, timeout=10)
            answered += response.status_code == 200
            assert not response.cookies.get("sessionid"), "counting a view must not start a session"
        requests.get(f"{base}{path}me/?view=1", headers={"User-Agent": ROBOT}, timeout=10)
        requests.get(f"{base}{path}me/", headers={"User-Agent": BROWSER}, timeout=10)  # not a page view
    expected = before + sum(sent.values())
    started = time.monotonic()
    written = before
    while time.monotonic() - started < FLUSH_SECONDS * 4 + 20 and written < expected:
        time.sleep(0.2)
        written = views_in_database(pk)
    seconds = time.monotonic() - started
    check(
        "views counted on A, B and through nginx are written by beat's flush",
        answered == sum(sent.values()) and written == expected,
        f"sent {sum(sent.values())} (+3 by a robot, +3 asks that were no page view), "
        f"database {written - before} more, {seconds:.1f} s after the last",
    )
    time.sleep(FLUSH_SECONDS * 2 + 1)
    again = views_in_database(pk)
    check("later flushes write nothing twice", again == expected, f"{again - before} after two more periods")
    started = time.monotonic()
    shown = rail_views(path)
    while shown != again and time.monotonic() - started < 15:
        time.sleep(0.2)
        shown = rail_views(path)
    check(
        '"Most read this week" on the home page through nginx shows the views written',
        shown == again,
        f"rail {shown}, database {again}, {time.monotonic() - started:.1f} s after",
    )
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()

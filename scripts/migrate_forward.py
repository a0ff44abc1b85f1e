"""A database populated on an earlier main migrates forward with every row, permission and admin URL.

`make migrate-check` (CI runs it on PostgreSQL):

1. takes the project as it was at `--from` (default `BASE`, a commit on main) with `git archive`;
2. on a fresh database, migrates it there, loads the demo and fills every table a newsroom fills:
   readers and their profiles, comments (published, waiting, hidden, replies), likes, flags,
   reactions and votes (signed-in and anonymous), revisions, transitions, preview links, admin log
   entries (on revisions, transitions and preview links too), the Editors and Writers groups and a
   reader's own permission to view revisions (scripts/migrate_forward_fill.py, run by that version);
3. writes down what is there: every table's rows, each content type (by id, with its model's table
   and its label), each group's and user's permissions and each admin log entry (by the table of
   their content type's model and the codename or object: a model that moves to another app keeps
   its table while its app label changes);
4. migrates the database with this checkout and writes it down again;
5. compares: no table lost a row; every content type of a model is still there, by id, for the
   same table (a model that moved app has its row renamed in place, so whatever points at it by id
   stays attached: the labels that moved are listed, and each model that left articles for an app
   of its own — reactions, comments, the newsroom's history, drafts and preview links (`MOVED`) — is
   under its new label); no permission was lost or left pointing at a
   stale content type; every log entry is still there, for the same table and object, and still
   finds its object; and every admin page a log entry or a model links to answers 200 to a
   superuser.

Exit status 0 when all holds; otherwise each difference is printed. Each run uses a database of its
own on the server (named for its process), dropped at the end; `--keep` leaves it for a look.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# The main the check migrates from: move it forward when a release's data is what production holds.
BASE = "38801f8e6a19d565548dad1f79ac07d9e5fb1c96"
# Its own database on the server, named for this run, so that two runs on one server do not meet.
DATABASE = f"soompi_migrate_forward_{os.getpid()}"
FILL = ROOT / "scripts" / "migrate_forward_fill.py"
# The models that left `articles` for an app of their own: each one's content type must be the same
# row (by id) under its new label, so that its permissions and log entries followed it.
MOVED = {
    **{f"articles.{model}": f"reactions.{model}" for model in ["reactionkind", "reaction", "vote"]},
    **{
        f"articles.{model}": f"comments.{model}"
        for model in ["comment", "commentflag", "commentlike", "blockedword", "replyemail"]
    },
    **{
        f"articles.{model}": f"newsroom.{model}"
        for model in ["transition", "revision", "draft", "previewlink"]
    },
}

SNAPSHOT = r"""
import json
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

# What a content type stands for across versions: its model's table (kept when a model moves to
# another app), or its label when no model has it.
def table(content_type):
    model = content_type.model_class()
    return model._meta.db_table if model else f"{content_type.app_label}.{content_type.model}"

def perms(queryset):
    return sorted(f"{table(p.content_type)}.{p.codename}" for p in queryset.select_related("content_type"))

tables = {m._meta.db_table: m._default_manager.using("default").count() for m in apps.get_models()
          if m._meta.managed and not m._meta.proxy}
found = []
for entry in LogEntry.objects.select_related("content_type").order_by("pk"):
    model = entry.content_type.model_class()
    found.append({
        "id": entry.pk, "table": table(entry.content_type), "object_id": entry.object_id,
        "exists": bool(model and model._default_manager.filter(pk=entry.object_id).exists()),
        "admin_url": entry.get_admin_url(),
    })
print("SNAPSHOT " + json.dumps({
    "tables": tables,
    "groups": {g.name: perms(g.permissions.all()) for g in Group.objects.all()},
    "users": {u.username: perms(u.user_permissions.all()) for u in get_user_model().objects.all()},
    "content_types": {
        str(c.pk): {"table": table(c), "label": f"{c.app_label}.{c.model}", "model": bool(c.model_class())}
        for c in ContentType.objects.all()
    },
    "stale_content_types": sorted(
        f"{c.app_label}.{c.model}" for c in ContentType.objects.all() if c.model_class() is None
    ),
    "log": found,
}))
"""

ADMIN_PAGES = r"""
import json, sys
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.two_factor import signed_in_with_second_factor

urls = json.loads(sys.stdin.read())
user = get_user_model().objects.create_superuser("migrate-check", "migrate-check@example.com", "x" * 20)
client = Client(HTTP_HOST="localhost")
signed_in_with_second_factor(client, user)  # a superuser opens the admin with a second factor only
for model in admin.site._registry:
    urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
bad = {}
for url in urls:
    status = client.get(url, secure=True).status_code
    if status != 200:
        bad[url] = status
user.delete()
print("ADMIN " + json.dumps({"checked": len(urls), "bad": bad}))
"""


def database_url(base):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


def admin_database(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def on_server(url, *statements):
    """Run `statements` on the server of `url`, connected to its `postgres` database."""
    import psycopg

    connection = psycopg.connect(admin_database(url))
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def recreate(url):
    on_server(url, f'DROP DATABASE IF EXISTS "{DATABASE}"', f'CREATE DATABASE "{DATABASE}"')


def drop(url):
    on_server(url, f'DROP DATABASE IF EXISTS "{DATABASE}"')


def manage(tree, env, *args, stdin=None):
    finished = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if finished.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed in {tree}:\n{finished.stderr[-4000:]}")
    return finished.stdout


def tagged(output, tag):
    for line in output.splitlines():
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1 :])
    raise SystemExit(f"no {tag} line in:\n{output[-2000:]}")


def export(ref, into):
    command = ["git", "archive", "--format=tar", ref]
    archive = subprocess.run(command, cwd=ROOT, capture_output=True, check=True, timeout=120)  # noqa: S603
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")


def moved_labels(before, after):
    """The content types whose app label changed in place: ["articles.reaction -> reactions.reaction"]."""
    return sorted(
        f"{was['label']} -> {after['content_types'][pk]['label']}"
        for pk, was in before["content_types"].items()
        if pk in after["content_types"] and after["content_types"][pk]["label"] != was["label"]
    )


def unmoved(before, after):
    """Problems with the moves of `MOVED`: a content type the earlier version had for a model that
    moved app is not the same row under the new label."""
    problems = []
    for pk, was in before["content_types"].items():
        label = MOVED.get(was["label"])
        now = after["content_types"].get(pk)
        if label is not None and now is not None and now["label"] != label:
            problems.append(f"content type {pk} ({was['label']}) is {now['label']}, not {label}")
    return problems


def compare(before, after, admin):
    problems = []
    for table, rows in before["tables"].items():
        now = after["tables"].get(table)
        if now is None:
            problems.append(f"table {table} ({rows} rows) is gone")
        elif now < rows:
            problems.append(f"table {table} had {rows} rows, now {now}")
    for pk, was in before["content_types"].items():
        now = after["content_types"].get(pk)
        if was["model"] and (now is None or now["table"] != was["table"]):
            found = f"now {now['label']} of {now['table']}" if now else "gone"
            problems.append(f"content type {pk} ({was['label']}, table {was['table']}) is {found}")
    for kind in ("groups", "users"):
        for name, perms in before[kind].items():
            lost = sorted(set(perms) - set(after[kind].get(name, [])))
            if lost:
                problems.append(f"{kind[:-1]} {name!r} lost permissions {lost}")
    if after["stale_content_types"]:
        problems.append(f"content types of no model remain: {after['stale_content_types']}")
    now = {entry["id"]: entry for entry in after["log"]}
    for entry in before["log"]:
        found = now.get(entry["id"])
        if found is None:
            problems.append(f"admin log entry {entry['id']} ({entry['table']} {entry['object_id']}) is gone")
        elif (found["table"], found["object_id"]) != (entry["table"], entry["object_id"]):
            problems.append(
                f"admin log entry {entry['id']} was about {entry['table']} {entry['object_id']}, "
                f"now {found['table']} {found['object_id']}"
            )
        elif entry["exists"] and not found["exists"]:
            missing = f"{entry['table']} {entry['object_id']}"
            problems.append(f"admin log entry {entry['id']}: {missing} is not found")
    for url, status in admin["bad"].items():
        problems.append(f"admin page {url} answers {status}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="ref", default=BASE, help="the commit to migrate from")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server (the database name is replaced)",
    )
    parser.add_argument("--keep", action="store_true", help="leave the database for a look")
    options = parser.parse_args()
    url = database_url(options.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "soompi.settings",
    }
    env.pop("REDIS_URL", None)  # the local cache: nothing kept across the two versions
    recreate(url)
    try:
        with tempfile.TemporaryDirectory(prefix="soompi-before-") as before_tree:
            export(options.ref, before_tree)
            print(f"==> {options.ref[:12]}: migrate, load the demo, fill every table")
            manage(before_tree, env, "migrate", "--noinput", "-v", "0")
            manage(before_tree, env, "loaddemo", "--allow-demo-passwords", "-v", "0")
            manage(before_tree, env, "shell", "-c", FILL.read_text())
            before = tagged(manage(before_tree, env, "shell", "-c", SNAPSHOT), "SNAPSHOT")
        print("==> this checkout: migrate forward")
        manage(ROOT, env, "migrate", "--noinput", "-v", "0")
        after = tagged(manage(ROOT, env, "shell", "-c", SNAPSHOT), "SNAPSHOT")
        admin_urls = sorted({entry["admin_url"] for entry in after["log"] if entry["admin_url"]})
        admin = tagged(manage(ROOT, env, "shell", "-c", ADMIN_PAGES, stdin=json.dumps(admin_urls)), "ADMIN")
    finally:
        if options.keep:
            print(f"    kept the database {DATABASE}")
        else:
            drop(url)
    filled = {table: rows for table, rows in before["tables"].items() if rows}
    print(f"    {sum(filled.values())} rows in {len(filled)} tables, {len(before['log'])} log entries")
    print(f"    {admin['checked']} admin pages opened as a superuser")
    for moved in moved_labels(before, after):
        print(f"    content type moved in place: {moved}")
    empty = sorted(table for table, rows in before["tables"].items() if not rows)
    if empty:
        print(f"    (empty before: {', '.join(empty)})")
    problems = compare(before, after, admin) + unmoved(before, after)
    for problem in problems:
        print(f"FAILED {problem}")
    print("==> migrated forward intact" if not problems else f"==> {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Only `newsroom.workflow.transition` writes `Listicle.status`, in running code (`articles.status_writes`).

The rule is on in production and for the whole suite, so a second path that writes the status
fails whichever test reaches it (test setup alone may put a listicle in any status:
`tests.status_guard`). These tests enumerate the ways Django writes the column and show each one
refused, and the sanctioned paths allowed; the last one reads the source for hand-written SQL,
which the guard cannot see.
"""

import ast
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from articles.models import Listicle, Status
from articles.status_writes import StatusWriteRefused
from interchange.importer import Writer
from newsroom.imports import import_listicle
from newsroom.workflow import transition
from tests import factories
from tests.status_guard import strict

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = ("articles", "interchange", "reactions", "dramas", "soompi")


@pytest.fixture
def held_to_the_rule():
    """These tests write from test code, which the guard lets set up starting points: not here."""
    with strict():
        yield


@pytest.fixture
def draft():
    listicle = factories.ListicleFactory()
    factories.EntryFactory(listicle=listicle)
    return listicle


def stored(listicle):
    return Listicle.objects.values_list("status", flat=True).get(pk=listicle.pk)


WRITES = {
    "save() after assigning": lambda listicle: (
        setattr(listicle, "status", Status.PUBLISHED),
        listicle.save(),
    ),
    "save(update_fields) after assigning": lambda listicle: (
        setattr(listicle, "status", Status.PUBLISHED),
        listicle.save(update_fields=["status"]),
    ),
    "QuerySet.update()": lambda listicle: Listicle.objects.filter(pk=listicle.pk).update(
        status=Status.PUBLISHED
    ),
    "related manager update()": lambda listicle: listicle.author.listicles.update(status=Status.ARCHIVED),
    "bulk_update()": lambda listicle: Listicle.objects.bulk_update(
        [setattr(listicle, "status", Status.REVIEW) or listicle], ["status"]
    ),
    "update_or_create()": lambda listicle: Listicle.objects.update_or_create(
        pk=listicle.pk, defaults={"status": Status.REVIEW}
    ),
}


@pytest.mark.parametrize("how", WRITES)
def test_every_way_of_writing_a_stored_listicles_status_is_refused(draft, how, held_to_the_rule):
    refused = pytest.raises(StatusWriteRefused, match="outside newsroom.workflow.transition")
    with refused, transaction.atomic():  # bulk_update() writes in a transaction of its own
        WRITES[how](draft)
    assert stored(draft) == Status.DRAFT


CREATES = {
    "objects.create()": lambda: Listicle.objects.create(title="T", slug="t", status=Status.PUBLISHED),
    "save() of a new listicle": lambda: Listicle(title="T", slug="t", status=Status.REVIEW).save(),
    "get_or_create()": lambda: Listicle.objects.get_or_create(
        slug="t", defaults={"title": "T", "status": Status.ARCHIVED}
    ),
    "bulk_create()": lambda: Listicle.objects.bulk_create(
        [Listicle(title="T", slug="t", status="published")]
    ),
}


@pytest.mark.parametrize("how", CREATES)
def test_creating_a_listicle_in_any_status_but_draft_is_refused(how, held_to_the_rule):
    with pytest.raises(StatusWriteRefused), transaction.atomic():
        CREATES[how]()
    assert not Listicle.objects.exists()


def test_new_drafts_and_saves_that_keep_the_status_are_allowed(draft, held_to_the_rule):
    Listicle.objects.create(title="New", slug="new")
    Listicle.objects.bulk_create([Listicle(title="Bulk", slug="bulk")])
    draft.title = "Retitled"
    draft.save()
    Listicle.objects.filter(pk=draft.pk).update(title="Again")
    assert stored(draft) == Status.DRAFT


def test_a_stale_copy_saves_its_edits_without_undoing_a_transition(draft, held_to_the_rule):
    """An instance read before a transition keeps its old status in memory; saving it must not
    write that back (it would silently unpublish), while its other edits are kept."""
    stale = Listicle.objects.get(pk=draft.pk)
    transition(draft, to=Status.PUBLISHED, by=None)

    stale.title = "Edited in a stale copy"
    stale.save()
    assert Listicle.objects.values_list("title", "status").get(pk=draft.pk) == (
        "Edited in a stale copy",
        Status.PUBLISHED,
    )


def test_a_listicle_moved_by_transition_saves_afterwards(draft, held_to_the_rule):
    """The caller's instance follows the transition, so its own later saves are not refused."""
    transition(draft, to=Status.REVIEW, by=None)
    draft.dek = "Saved after the move"
    draft.save()
    draft.refresh_from_db()
    assert (draft.status, draft.dek) == (Status.REVIEW, "Saved after the move")


def test_a_copy_read_without_its_status_saves(draft, held_to_the_rule):
    copy = Listicle.objects.only("pk", "title").get(pk=draft.pk)
    copy.title = "Deferred status"
    copy.save()
    assert Listicle.objects.values_list("title", "status").get(pk=draft.pk) == (
        "Deferred status",
        Status.DRAFT,
    )


def test_the_workflow_and_the_import_are_the_sanctioned_writers(draft, held_to_the_rule):
    transition(draft, to=Status.REVIEW, by=None)
    assert stored(draft) == Status.REVIEW

    data = {"title": "Imported", "slug": "imported", "status": "review", "entries": []}
    listicle = import_listicle(data).listicle
    assert stored(listicle) == Status.REVIEW


def test_application_code_writing_the_status_is_refused_even_for_a_lenient_test(draft):
    """Without `strict()`, the nearest project code on the call stack decides: here the importer's."""
    with pytest.raises(StatusWriteRefused, match="Saving a listicle with status 'published'"):
        Writer(None).update(draft, {"status": Status.PUBLISHED})
    assert stored(draft) == Status.DRAFT


def test_test_code_may_set_up_a_listicle_in_any_status(draft):
    Listicle.objects.filter(pk=draft.pk).update(status=Status.ARCHIVED)
    assert stored(draft) == Status.ARCHIVED
    published = factories.PublishedListicleFactory()
    assert (stored(published), published.publish_at <= timezone.now()) == (Status.PUBLISHED, True)


RAW_SQL_CALLS = {"execute", "executemany", "raw", "RawSQL", "extra"}


def raw_sql_writes_to_listicles():
    """Raw SQL in the app's code (not its migrations) that inserts into or updates the listicle table.

    The runtime guard sees every ORM write; SQL written by hand would slip past it, so the source
    is read for it: string literals (and the literal parts of f-strings) passed to a cursor's
    `execute`, to `raw`, `RawSQL` or `extra`.
    """
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        if path.parts[len(ROOT.parts)] not in APPS or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in RAW_SQL_CALLS:
                continue
            text = " ".join(
                part.value
                for arg in [*node.args, *(keyword.value for keyword in node.keywords)]
                for part in ast.walk(arg)
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            ).lower()
            if "listicle" in text and ("update" in text or "insert" in text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_hand_written_sql_writes_listicles():
    assert raw_sql_writes_to_listicles() == []

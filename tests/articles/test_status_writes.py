"""Only `articles.workflow.transition` writes `Listicle.status`.

`tests.status_guard` is on for every test of the suite (an autouse fixture in tests/conftest.py),
so a second path that writes the status fails whichever test reaches it. These tests enumerate
the ways Django writes the column and show each one refused, and the sanctioned paths allowed.
"""

import pytest
from django.db import transaction
from django.utils import timezone

from articles.interchange import import_listicle
from articles.models import Listicle, Status
from articles.workflow import transition
from tests import factories
from tests.status_guard import StatusWriteOutsideWorkflow, setting_status

pytestmark = pytest.mark.django_db


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
def test_every_way_of_writing_a_stored_listicles_status_is_refused(draft, how):
    refused = pytest.raises(StatusWriteOutsideWorkflow, match="outside articles.workflow.transition")
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
def test_creating_a_listicle_in_any_status_but_draft_is_refused(how):
    with pytest.raises(StatusWriteOutsideWorkflow), transaction.atomic():
        CREATES[how]()
    assert not Listicle.objects.exists()


def test_new_drafts_and_saves_that_keep_the_status_are_allowed(draft):
    Listicle.objects.create(title="New", slug="new")
    Listicle.objects.bulk_create([Listicle(title="Bulk", slug="bulk")])
    draft.title = "Retitled"
    draft.save()
    Listicle.objects.filter(pk=draft.pk).update(title="Again")
    assert stored(draft) == Status.DRAFT


def test_a_stale_copy_cannot_write_back_an_old_status(draft):
    """An instance read before a transition would silently undo it on a full save."""
    stale = Listicle.objects.get(pk=draft.pk)
    transition(draft, to=Status.PUBLISHED, by=None)

    stale.title = "Edited in a stale copy"
    with pytest.raises(StatusWriteOutsideWorkflow, match="stored: 'published'"):
        stale.save()


def test_the_workflow_and_the_import_are_the_sanctioned_writers(draft):
    transition(draft, to=Status.REVIEW, by=None)
    assert stored(draft) == Status.REVIEW

    data = {"title": "Imported", "slug": "imported", "status": "review", "entries": []}
    listicle = import_listicle(data).listicle
    assert stored(listicle) == Status.REVIEW


def test_test_setup_may_put_a_listicle_in_a_status_explicitly(draft):
    with setting_status():
        Listicle.objects.filter(pk=draft.pk).update(status=Status.ARCHIVED)
    factories.set_status(draft, Status.PUBLISHED, publish_at=timezone.now())
    assert stored(draft) == Status.PUBLISHED
    assert factories.PublishedListicleFactory().status == Status.PUBLISHED

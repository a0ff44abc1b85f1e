"""Two editors' saves of one listicle merge from the revision the second form was opened from."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle
from newsroom import merging
from newsroom.admin.edit_conflicts import merged_message
from newsroom.concurrency import EditConflict
from newsroom.merging import Merge
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    listicle = factories.ListicleFactory(title="Confession scenes", dek="Old dek", outro="Old outro")
    factories.full_entry(listicle, position=0)
    factories.full_entry(listicle, position=1)
    return listicle


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def open_form(user, listicle):
    browser = Client()
    browser.force_login(user)
    return browser, browser.get(change_url(listicle))


def test_changes_to_different_fields_are_merged_and_the_editor_is_told(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    assert (
        alice_browser.post(change_url(article), form_values(alice_page, dek="Alice's dek")).status_code == 302
    )

    response = bob_browser.post(change_url(article), form_values(bob_page, outro="Bob's outro"), follow=True)

    page = response.content.decode()
    assert "merged with what Alice Kim saved while you were editing" in page
    assert "their changes to Dek are kept, along with yours to Outro" in page
    article.refresh_from_db()
    assert (article.dek, article.outro) == ("Alice's dek", "Bob's outro")
    latest = article.revisions.order_by("-id").first()
    assert (latest.user, latest.snapshot["dek"], latest.snapshot["outro"]) == (
        bob,
        "Alice's dek",
        "Bob's outro",
    )


def test_a_save_that_changed_nothing_on_the_form_is_not_described_as_changes(alice, bob):
    found = EditConflict(alice, timezone.now(), None, None)
    base = theirs = {"status": "draft", "publish_at": None}

    told = merged_message(found, Merge({}, mine_changed=["Outro"]), base, theirs, user=bob)
    quiet = merged_message(found, Merge({}), base, theirs, user=bob)

    assert told == (
        "Saved. Alice Kim saved while you were editing, without changing any field you see here; "
        "your changes to Outro are saved."
    )
    assert quiet == "Saved. Alice Kim saved while you were editing, without changing any field you see here."


def test_changes_to_different_entries_and_fields_of_one_entry_are_merged(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(
        change_url(article),
        form_values(alice_page, entries__0__quote="Her quote", entries__1__body="Her body"),
    )

    response = bob_browser.post(
        change_url(article), form_values(bob_page, entries__0__body="His body", intro="His intro")
    )

    assert response.status_code == 302
    entries = list(article.entries.order_by("position").values_list("quote", "body"))
    assert entries[0] == ("Her quote", "His body")
    assert entries[1][1] == "Her body"
    assert Listicle.objects.get(pk=article.pk).intro == "His intro"


def test_the_same_field_changed_by_both_shows_both_versions_and_saves_nothing(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, dek="Alice's dek"))

    response = bob_browser.post(
        change_url(article), form_values(bob_page, dek="Bob's dek", outro="Bob's outro")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "you both changed Dek, so your changes were not saved yet" in page
    assert "Changed by both of you" in page
    assert 'data-target="id_dek"' in page
    [(clash, input_id)] = response.context["edit_clash"]["clashes"]
    assert (clash.yours_text, clash.theirs_text, input_id) == ("Bob's dek", "Alice's dek", "id_dek")
    assert response.context["adminform"].form["dek"].value() == "Bob's dek"
    article.refresh_from_db()
    assert (article.dek, article.outro) == ("Alice's dek", "Old outro")


def test_taking_their_version_of_a_clash_keeps_both_editors_other_changes(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, dek="Alice's dek", intro="Her intro"))
    shown = bob_browser.post(change_url(article), form_values(bob_page, dek="Bob's dek", outro="His outro"))

    saved = bob_browser.post(change_url(article), form_values(shown, dek="Alice's dek"))

    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.dek, article.intro, article.outro) == ("Alice's dek", "Her intro", "His outro")


def test_a_clash_inside_an_entry_points_at_that_entrys_field(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, entries__1__quote="Her quote"))

    response = bob_browser.post(change_url(article), form_values(bob_page, entries__1__quote="His quote"))

    assert response.status_code == 200
    [(clash, input_id)] = response.context["edit_clash"]["clashes"]
    assert clash.label.startswith("Entry 2")
    assert input_id == "id_entries-1-quote"
    assert article.entries.order_by("position")[1].quote == "Her quote"


def test_a_form_of_unknown_origin_is_still_refused_not_merged(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, dek="Alice's dek"))

    version = form_values(bob_page)["loaded_version"][0].split("/")[0] + "/999999"
    response = bob_browser.post(
        change_url(article), form_values(bob_page, outro="Bob", loaded_version=version)
    )

    assert response.status_code == 200
    assert "your changes were not saved" in response.content.decode()
    assert Listicle.objects.get(pk=article.pk).outro == "Old outro"


def test_merge_of_entry_lists_reordered_by_both_is_a_clash():
    entry = {"drama": {"slug": "a"}}
    other = {"drama": {"slug": "b"}}
    third = {"drama": {"slug": "c"}}
    base = {"entries": [entry, other, third]}
    result = merging.merge(base, {"entries": [other, entry, third]}, {"entries": [third, entry, other]})
    assert [clash.path for clash in result.clashes] == ["entries"]
    settled = merging.merge(
        base, {"entries": [other, entry, third]}, {"entries": [third, entry, other]}, settled={"entries"}
    )
    assert settled.clashes == [] and settled.snapshot["entries"] == [third, entry, other]


def test_merge_keeps_an_entry_one_side_removed_and_the_other_changed_as_a_clash():
    entry, other = {"drama": {"slug": "a"}, "quote": "x"}, {"drama": {"slug": "b"}}
    base = {"entries": [entry, other]}
    result = merging.merge(base, {"entries": [{**entry, "quote": "y"}, other]}, {"entries": [other]})
    assert [clash.path for clash in result.clashes] == ["entries"]


def test_a_merge_that_cannot_be_written_saves_nothing_and_says_why(alice, bob, article, monkeypatch):
    from interchange.problems import InterchangeError
    from newsroom.admin import edit_conflicts

    def refuse(*args, **kwargs):
        raise InterchangeError(['slug: "taken" is already used by another listicle'])

    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, dek="Alice's dek"))
    monkeypatch.setattr(edit_conflicts, "import_listicle", refuse)

    response = bob_browser.post(change_url(article), form_values(bob_page, outro="Bob's outro"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "your changes were not saved" in page
    assert "could not be merged: slug: &quot;taken&quot; is already used by another listicle" in page
    assert response.context["adminform"].form["outro"].value() == "Bob's outro"
    article.refresh_from_db()
    assert (article.dek, article.outro) == ("Alice's dek", "Old outro")


def transaction_left_open():
    """Whether the connection still holds something a request began: Django's atomic block, or a
    transaction of the database's own (which a savepoint taken outside any block would open)."""
    if connection.in_atomic_block:
        return True
    if connection.vendor == "sqlite":
        return connection.connection.in_transaction
    return connection.connection.info.transaction_status != 0  # psycopg: 0 is idle


@pytest.mark.django_db(transaction=True)
def test_saved_merged_or_shown_as_a_clash_the_save_leaves_no_transaction_open(alice, bob, article):
    """The admin undoes a clashing save by rolling back to a savepoint; whichever way a save ends,
    nothing stays open to lock the listicle's tables for the next request."""
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)

    saved = alice_browser.post(change_url(article), form_values(alice_page, dek="Alice's dek"))
    assert saved.status_code == 302 and not transaction_left_open()
    merged = bob_browser.post(change_url(article), form_values(bob_page, outro="Bob's outro"))
    assert merged.status_code == 302 and not transaction_left_open()
    clash = alice_browser.post(change_url(article), form_values(alice_page, dek="Alice's other dek"))
    assert clash.status_code == 200 and "edit_clash" in clash.context
    assert not transaction_left_open()

    article.refresh_from_db()
    assert (article.dek, article.outro) == ("Alice's dek", "Bob's outro")

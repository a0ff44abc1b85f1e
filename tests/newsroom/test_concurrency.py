"""Two people editing one listicle: the first save wins, the second is refused and loses nothing."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Listicle, Status
from newsroom import revisions, workflow
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    listicle = factories.ListicleFactory(title="Confession scenes", intro="Sigh.")
    factories.full_entry(listicle, position=0)
    factories.full_entry(listicle, position=1)
    return listicle


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def open_form(user, listicle):
    """A browser of its own, logged in as `user`, with the change form loaded."""
    browser = Client()
    browser.force_login(user)
    response = browser.get(change_url(listicle))
    assert response.status_code == 200
    return browser, response


def test_second_save_of_the_main_fields_is_refused_and_keeps_what_was_typed(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)

    first = alice_browser.post(change_url(article), form_values(alice_page, title="Alice's title"))
    assert first.status_code == 302
    second = bob_browser.post(
        change_url(article), form_values(bob_page, title="Bob's title", intro="Bob's long intro.")
    )

    assert second.status_code == 200
    page = second.content.decode()
    assert "Alice Kim changed this article at " in page
    assert re.search(r"changed this article at \d\d:\d\d [A-Z]{2,5}\b", page)
    assert "your changes were not saved" in page
    form = second.context["adminform"].form
    assert form["title"].value() == "Bob's title"
    assert form["intro"].value() == "Bob's long intro."
    assert "Bob&#x27;s long intro." in page
    article.refresh_from_db()
    assert (article.title, article.intro) == ("Alice's title", "Sigh.")
    assert [revision.user for revision in article.revisions.order_by("-id")] == [alice, None]


def test_second_save_of_the_entries_is_refused_and_keeps_what_was_typed(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)

    first = alice_browser.post(
        change_url(article), form_values(alice_page, **{"entries-0-quote": "Alice's quote"})
    )
    assert first.status_code == 302
    second = bob_browser.post(
        change_url(article),
        form_values(bob_page, **{"entries-0-quote": "Bob's quote", "entries-1-body": "Bob's body"}),
    )

    assert second.status_code == 200
    assert "Alice Kim changed this article" in second.content.decode()
    entries = second.context["inline_admin_formsets"][0].formset.forms
    assert entries[0]["quote"].value() == "Bob's quote"
    assert entries[1]["body"].value() == "Bob's body"
    quotes = list(article.entries.order_by("position").values_list("quote", "body"))
    assert quotes[0][0] == "Alice's quote"
    assert "Bob's body" not in [body for _, body in quotes]


def test_the_refused_editor_can_open_what_the_other_one_changed(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, title="Alice's title"))

    response = bob_browser.post(change_url(article), form_values(bob_page, title="Bob's title"))

    link = response.context["revision_tools"]["changed_since_url"]
    assert link in response.content.decode().replace("&amp;", "&")
    assert 'target="_blank"' in response.content.decode()
    compared = bob_browser.get(link)
    assert [str(change) for change in compared.context["changes"]] == [
        "Title changed from “Confession scenes” to “Alice's title”"
    ]


@pytest.mark.parametrize("version", ["", "yesterday", "2020-01-01T00:00:00", "2020-01-01T00:00:00+00:00/x"])
def test_a_form_with_a_version_that_is_not_current_is_refused(bob, article, version):
    browser, page = open_form(bob, article)

    response = browser.post(
        change_url(article), form_values(page, title="Bob's title", loaded_version=version)
    )

    assert response.status_code == 200
    assert "your changes were not saved" in response.content.decode()
    assert Listicle.objects.get(pk=article.pk).title == "Confession scenes"


def test_after_seeing_both_versions_the_next_save_keeps_the_editors_choice(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, title="Alice's title", intro="Hers."))

    refused = bob_browser.post(change_url(article), form_values(bob_page, title="Bob's title"))
    assert refused.status_code == 200
    assert "your changes were not saved" in refused.content.decode()
    again = bob_browser.post(change_url(article), form_values(refused, title="Bob's title"))
    assert again.status_code == 302

    article.refresh_from_db()
    assert (article.title, article.intro) == ("Bob's title", "Hers.")
    reloaded = bob_browser.get(change_url(article))
    assert reloaded.context["adminform"].form["title"].value() == "Bob's title"


def test_seen_versions_no_longer_settle_a_clash_once_somebody_saves_again(alice, bob, article):
    alice_browser, alice_page = open_form(alice, article)
    bob_browser, bob_page = open_form(bob, article)
    alice_browser.post(change_url(article), form_values(alice_page, title="Alice's title", _continue="1"))
    refused = bob_browser.post(change_url(article), form_values(bob_page, title="Bob's title"))

    alice_page = alice_browser.get(change_url(article))
    alice_browser.post(change_url(article), form_values(alice_page, title="Alice's second title"))
    again = bob_browser.post(change_url(article), form_values(refused, title="Bob's title"))

    assert again.status_code == 200
    assert "your changes were not saved" in again.content.decode()
    assert Listicle.objects.get(pk=article.pk).title == "Alice's second title"


def test_one_editor_saving_again_and_again_is_never_refused(alice, article):
    browser, page = open_form(alice, article)
    for title in ("First", "Second", "Third"):
        response = browser.post(change_url(article), form_values(page, title=title, _continue="1"))
        assert response.status_code == 302
        page = browser.get(response["Location"])
    article.refresh_from_db()
    assert article.title == "Third"
    assert article.revisions.count() == 1 + 3  # the starting point, then each save


def test_saving_in_another_window_is_named_as_your_own_save(alice, article):
    first_window, first_page = open_form(alice, article)
    second_window, second_page = open_form(alice, article)
    first_window.post(change_url(article), form_values(first_page, title="From the first window"))

    response = second_window.post(change_url(article), form_values(second_page, title="From the second"))

    assert "You saved this article in another window" in response.content.decode()


def test_a_workflow_change_while_editing_refuses_the_save_and_names_the_editor(alice, bob, article):
    bob_browser, bob_page = open_form(bob, article)
    workflow.transition(article, to=Status.REVIEW, by=alice)

    response = bob_browser.post(change_url(article), form_values(bob_page, title="Bob's title"))

    assert response.status_code == 200
    assert "Alice Kim changed this article" in response.content.decode()
    assert Listicle.objects.get(pk=article.pk).title == "Confession scenes"


def test_a_restore_while_editing_is_merged_with_the_editors_change(alice, bob, article):
    first = revisions.record(article, user=alice)
    Listicle.objects.filter(pk=article.pk).update(title="Changed outside the admin")
    revisions.record(Listicle.objects.get(pk=article.pk), user=alice)
    bob_browser, bob_page = open_form(bob, article)
    revisions.restore(first, user=alice)

    response = bob_browser.post(change_url(article), form_values(bob_page, intro="Bob's intro"), follow=True)

    assert "merged with what Alice Kim saved while you were editing" in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.intro) == ("Confession scenes", "Bob's intro")


def test_the_version_check_locks_the_listicle_until_the_save_is_written(alice, article):
    browser, page = open_form(alice, article)
    with CaptureQueriesContext(connection) as queries:
        response = browser.post(change_url(article), form_values(page, title="Locked"))
    assert response.status_code == 302
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_refused(alice, bob, article):
    pages = {user: open_form(user, article) for user in (alice, bob)}
    start = threading.Barrier(2)
    results = {}

    def save(user):
        browser, page = pages[user]
        data = form_values(page, title=f"{user.first_name}'s title")
        start.wait()
        try:
            results[user.first_name] = browser.post(change_url(article), data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in (alice, bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == [200, 302]
    winner = next(name for name, status in results.items() if status == 302)
    assert Listicle.objects.get(pk=article.pk).title == f"{winner}'s title"
    assert article.revisions.exclude(user=None).count() == 1

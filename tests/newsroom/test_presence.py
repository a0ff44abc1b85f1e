"""Who else has a listicle's change page open: a small JSON view, kept in the shared cache."""

import os

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from newsroom import presence
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    return factories.ListicleFactory(title="Confession scenes")


def presence_url(listicle):
    return reverse("admin:articles_listicle_presence", args=[listicle.pk])


def browser_of(user):
    browser = Client()
    browser.force_login(user)
    return browser


def test_an_editor_sees_who_else_has_the_article_open_and_with_unsaved_changes(editor, article):
    other = factories.UserFactory(username="bob", first_name="Bob", is_staff=True, is_superuser=True)
    browser_of(other).post(presence_url(article), {"page": "bob-tab-0001", "unsaved": "1"})

    answer = browser_of(editor).post(presence_url(article), {"page": "alice-tab-001", "unsaved": "0"})

    assert answer.status_code == 200
    assert answer.json() == {"others": [{"name": "Bob", "unsaved": True, "reading": False, "you": False}]}


def test_the_change_page_names_who_else_is_editing(editor, article):
    other = factories.UserFactory(username="bob", first_name="Bob", is_staff=True, is_superuser=True)
    browser_of(other).post(presence_url(article), {"page": "bob-tab-0001", "unsaved": "1"})

    page = browser_of(editor).get(reverse("admin:articles_listicle_change", args=[article.pk]))

    assert "Also open now: Bob (unsaved changes)" in page.content.decode()


def test_a_closed_tab_leaves_and_a_silent_one_drops_out(editor, article, time_machine):
    time_machine.move_to("2026-05-12 09:00:00+00:00", tick=False)
    other = factories.UserFactory(username="bob", first_name="Bob", is_staff=True, is_superuser=True)
    bob = browser_of(other)
    bob.post(presence_url(article), {"page": "bob-tab-0001", "unsaved": "0"})
    bob.post(presence_url(article), {"page": "bob-tab-0001", "leaving": "1"})
    assert presence.others(article.pk, editor) == []

    bob.post(presence_url(article), {"page": "bob-tab-0002", "unsaved": "0"})
    time_machine.shift(presence.LIFETIME + 1)
    assert presence.others(article.pk, editor) == []


def test_your_own_other_tab_is_named_as_yours(editor, article):
    browser = browser_of(editor)
    browser.post(presence_url(article), {"page": "first-tab-01", "unsaved": "1"})

    answer = browser.post(presence_url(article), {"page": "second-tab-1", "unsaved": "0"})

    assert answer.json()["others"] == [
        {"name": editor.get_username(), "unsaved": True, "reading": False, "you": True}
    ]


def test_a_report_without_a_readable_page_id_is_a_400_with_the_reason(editor, article):
    answer = browser_of(editor).post(presence_url(article), {"page": "<script>", "unsaved": "1"})
    assert answer.status_code == 400
    assert "page:" in answer.json()["error"]


def test_presence_needs_a_post_and_the_right_to_see_the_article(editor, article):
    assert browser_of(editor).get(presence_url(article)).status_code == 405
    stranger = factories.UserFactory(username="stranger", is_staff=True)
    answer = browser_of(stranger).post(presence_url(article), {"page": "stranger-tab-1", "unsaved": "1"})
    assert answer.status_code == 403
    assert presence.others(article.pk, editor) == []


def test_a_writer_reading_a_live_article_is_shown_as_reading_and_sees_the_editor(writer, editor):
    live = factories.ListicleFactory(
        title="Live", created_by=writer, author=writer.author, status="published"
    )
    browser_of(editor).post(presence_url(live), {"page": "editor-tab-01", "unsaved": "1"})

    page = browser_of(writer).get(reverse("admin:articles_listicle_change", args=[live.pk]))
    answer = browser_of(writer).post(presence_url(live), {"page": "writer-tab-01", "unsaved": "1"})

    assert 'name="title"' not in page.content.decode()  # the writer's page is read-only
    assert "Also open now: editor (unsaved changes)" in page.content.decode()
    assert answer.status_code == 200
    assert answer.json()["others"] == [{"name": "editor", "unsaved": True, "reading": False, "you": False}]
    assert presence.others(live.pk, editor, page="editor-tab-01") == [
        {"name": "writer", "unsaved": False, "reading": True, "you": False}
    ]


def app_server_caches(tmp_path):
    """Two app servers' caches: separate cache objects, as two processes hold, over one shared
    store (Redis when REDIS_URL is set, as deployed; else one folder of files)."""
    if os.environ.get("REDIS_URL"):
        return [
            RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"presence-{tmp_path.name}"}) for _ in "ab"
        ]
    return [FileBasedCache(str(tmp_path / "shared"), {}) for _ in "ab"]


def test_one_app_server_sees_who_reported_to_another(editor, article, monkeypatch, tmp_path):
    first, second = app_server_caches(tmp_path)
    bob = factories.UserFactory(username="bob", first_name="Bob")

    monkeypatch.setattr(presence, "cache", first)
    presence.report(article.pk, bob, page="bob-tab-0001", unsaved=True)
    monkeypatch.setattr(presence, "cache", second)
    assert presence.others(article.pk, editor) == [
        {"name": "Bob", "unsaved": True, "reading": False, "you": False}
    ]

    presence.leave(article.pk, "bob-tab-0001")  # Bob closes his tab; the request reaches the second
    monkeypatch.setattr(presence, "cache", first)
    assert presence.others(article.pk, editor) == []


def test_an_app_server_with_its_own_store_would_not_see_them(editor, article, monkeypatch, tmp_path):
    """The control for the test above: a cache of one's own (a process's memory) sees nobody."""
    bob = factories.UserFactory(username="bob", first_name="Bob")
    monkeypatch.setattr(presence, "cache", FileBasedCache(str(tmp_path / "a"), {}))
    presence.report(article.pk, bob, page="bob-tab-0001", unsaved=True)
    monkeypatch.setattr(presence, "cache", FileBasedCache(str(tmp_path / "b"), {}))
    assert presence.others(article.pk, editor) == []

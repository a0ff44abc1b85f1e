"""Drafts of live articles: readers keep the live version until an editor publishes the changes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import frontend_cache
from articles.models import Listicle, Status
from newsroom import drafts, preview, revisions
from newsroom.models import Draft, Revision
from newsroom.workflow import transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(editor):
    """A live article that passes every check: "3 Rooftop Scenes", three entries."""
    listicle = factories.ListicleFactory(title="3 Rooftop Scenes", slug="3-rooftop-scenes", dek="Old dek")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    return listicle


@pytest.fixture
def editor_browser(editor):
    browser = Client()
    browser.force_login(editor)
    return browser


def admin_url(name, listicle, *args):
    return reverse(f"admin:articles_listicle_{name}", args=[listicle.pk, *args])


def public_page(listicle):
    """The article page as an anonymous reader gets it."""
    listicle = Listicle.objects.get(pk=listicle.pk)
    response = Client().get(listicle.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def save(browser, listicle, **changes):
    page = browser.get(admin_url("change", listicle))
    assert page.status_code == 200
    return browser.post(admin_url("change", listicle), form_values(page, **changes))


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_a_save_keeps_a_draft_and_readers_see_the_live_version_until_it_is_published(article, editor_browser):
    response = save(editor_browser, article, title="3 Rooftop Scenes We Still Think About")

    assert response.status_code == 302
    assert "3 Rooftop Scenes We Still Think About" not in public_page(article)
    assert "3 Rooftop Scenes" in public_page(article)
    assert Listicle.objects.get(pk=article.pk).title == "3 Rooftop Scenes"
    draft = Draft.objects.get(listicle=article)
    assert (
        draft.revision.draft and draft.revision.snapshot["title"] == "3 Rooftop Scenes We Still Think About"
    )

    page = editor_browser.get(admin_url("change", article)).content.decode()
    assert "Draft (unpublished changes)" in page and ">Live<" in page
    assert 'value="3 Rooftop Scenes We Still Think About"' in page  # the form shows the draft
    assert "Before it can be published" not in page
    assert "Publish changes" in page and "Discard draft" in page

    published = editor_browser.post(admin_url("draft_publish", article), {"revision": draft.revision_id})

    assert published.status_code == 303
    assert "3 Rooftop Scenes We Still Think About" in public_page(article)
    assert not Draft.objects.filter(listicle=article).exists()
    latest = revisions.latest(article)
    assert latest.summary == "Published the draft" and not latest.draft


def test_the_draft_survives_more_saves_and_the_page_keeps_entries_and_their_ids(article, editor_browser):
    save(editor_browser, article, title="3 Rooftop Scenes, again", entries__1__body="A new body.")
    save(editor_browser, article, dek="A new dek")

    draft = Draft.objects.get(listicle=article)
    snapshot = draft.revision.snapshot
    assert (snapshot["title"], snapshot["dek"]) == ("3 Rooftop Scenes, again", "A new dek")
    assert snapshot["entries"][1]["body"] == "A new body."
    assert draft.revision.entry_ids == revisions.entry_ids_of(article)
    assert "A new body." not in public_page(article)


def test_publish_changes_on_the_form_saves_then_publishes(article, editor_browser):
    response = save(editor_browser, article, dek="Fresh dek", _draft="publish")

    assert response.status_code == 303
    assert Listicle.objects.get(pk=article.pk).dek == "Fresh dek"
    assert not Draft.objects.exists()
    followed = editor_browser.get(response["Location"])
    assert any("are published: readers see them now" in text for text in messages_of(followed))


def test_the_checks_block_a_bad_headline_when_the_changes_are_published(article, editor_browser):
    save(editor_browser, article, title="5 K-Drama Rooftop Scenes")
    page = editor_browser.get(admin_url("change", article)).content.decode()
    assert "Before these changes can be published" in page
    assert "The headline promises 5 but there are 3 entries" in page

    response = editor_browser.post(admin_url("draft_publish", article), follow=True)

    assert "cannot be published yet: The headline promises 5 but there are 3 entries" in " ".join(
        messages_of(response)
    )
    assert Listicle.objects.get(pk=article.pk).title == "3 Rooftop Scenes"
    assert "5 K-Drama Rooftop Scenes" not in public_page(article)
    assert Draft.objects.filter(listicle=article).exists()


def test_publishing_a_draft_saved_again_since_it_was_looked_at_is_refused(article, editor_browser):
    save(editor_browser, article, dek="First")
    seen = Draft.objects.get(listicle=article).revision_id
    save(editor_browser, article, dek="Second")

    response = editor_browser.post(admin_url("draft_publish", article), {"revision": seen}, follow=True)

    assert "was saved again since you looked at it" in " ".join(messages_of(response))
    assert Listicle.objects.get(pk=article.pk).dek == "Old dek"


def test_the_compare_page_shows_live_and_draft_side_by_side(article, editor_browser):
    save(editor_browser, article, title="3 Rooftop Scenes We Love")

    response = editor_browser.get(admin_url("draft", article))

    assert response.status_code == 200
    text = response.content.decode()
    assert "What publishing changes" in text
    assert "<del>3 Rooftop Scenes</del>" in text and "<ins>3 Rooftop Scenes We Love</ins>" in text
    assert [str(change) for change in response.context["changes"]] == [
        "Title changed from “3 Rooftop Scenes” to “3 Rooftop Scenes We Love”"
    ]


def test_discarding_asks_first_and_brings_back_the_live_version(article, editor_browser):
    save(editor_browser, article, dek="Unwanted")

    confirm = editor_browser.get(admin_url("draft_discard", article))
    assert confirm.status_code == 200 and "Yes, discard the draft" in confirm.content.decode()
    assert Draft.objects.exists()  # asking changes nothing

    editor_browser.post(admin_url("draft_discard", article))

    assert not Draft.objects.exists()
    page = editor_browser.get(admin_url("change", article)).content.decode()
    assert "Unwanted" not in page and "Draft (unpublished changes)" not in page
    assert Revision.objects.filter(listicle=article, draft=True, snapshot__dek="Unwanted").exists()


def test_draft_pages_need_a_post_and_the_right_people(article, editor_browser, writer):
    save(editor_browser, article, dek="Changed")
    assert editor_browser.get(admin_url("draft_publish", article)).status_code == 405
    other_writer = Client()
    other_writer.force_login(writer)  # not their article

    assert other_writer.post(admin_url("draft_discard", article)).status_code == 403
    refused = other_writer.post(admin_url("draft_publish", article), follow=True)

    assert "Only editors can publish changes" in " ".join(messages_of(refused))
    assert Listicle.objects.get(pk=article.pk).dek == "Old dek"
    assert Client().post(admin_url("draft_publish", article)).status_code == 302  # to the sign-in
    assert Draft.objects.exists()


def test_a_writer_edits_their_live_article_into_a_draft_for_review(editor, writer, editor_browser):
    listicle = factories.ListicleFactory(title="1 Scene", slug="1-scene", created_by=writer)
    factories.full_entry(listicle)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    browser = Client()
    browser.force_login(writer)

    response = save(browser, listicle, dek="The writer's dek")

    assert response.status_code == 302
    assert Listicle.objects.get(pk=listicle.pk).dek == ""
    draft = Draft.objects.get(listicle=listicle)
    assert draft.in_review
    page = browser.get(admin_url("change", listicle)).content.decode()
    assert "waits for an editor’s review" in page
    assert 'value="publish"' not in page  # no Publish changes for a writer
    refused = browser.post(admin_url("draft_publish", listicle), follow=True)
    assert "Only editors can publish" in " ".join(messages_of(refused))
    pressed = save(browser, listicle, dek="Typed", _draft="publish")
    assert "Only editors can publish" in " ".join(messages_of(browser.get(pressed["Location"])))
    assert Listicle.objects.get(pk=listicle.pk).dek == ""

    editor_browser.post(admin_url("draft_publish", listicle))

    assert Listicle.objects.get(pk=listicle.pk).dek == "Typed"


def test_a_writer_cannot_change_another_writers_live_article(article, writer):
    browser = Client()
    browser.force_login(writer)
    page = browser.get(admin_url("change", article))
    assert page.status_code == 200  # read only
    response = browser.post(admin_url("change", article), form_values(page, dek="Nope"))
    assert response.status_code == 403
    assert not Draft.objects.exists()


def test_restoring_a_revision_of_a_live_article_makes_a_draft_and_keeps_the_address(article, editor_browser):
    old = revisions.record(article, user=None)
    Listicle.objects.filter(pk=article.pk).update(title="5 K-Drama Rooftop Scenes", slug="5-k-drama")
    article.refresh_from_db()
    # The article moved to "5-k-drama" through the admin before (so the old address redirects).
    revisions.record(article, user=None)

    response = editor_browser.post(admin_url("revisions_restore", article, old.pk))

    assert response.status_code == 303
    article.refresh_from_db()
    assert (article.title, article.slug) == ("5 K-Drama Rooftop Scenes", "5-k-drama")
    draft = Draft.objects.get(listicle=article)
    assert draft.revision.snapshot["title"] == "3 Rooftop Scenes"
    assert draft.revision.snapshot["slug"] == "5-k-drama"  # no opt-in: the address stays


def test_restoring_with_the_address_opt_in_moves_it_when_published_and_the_old_one_redirects(
    article, editor_browser
):
    old = revisions.record(article, user=None)
    save(editor_browser, article, title="3 Rooftop Scenes We Love", update_slug="on", _draft="publish")
    article.refresh_from_db()
    assert article.slug == "3-rooftop-scenes-we-love"
    page = editor_browser.get(admin_url("revisions_restore", article, old.pk)).content.decode()
    assert "Also change the address back to" in page and "restored into its draft" in page

    editor_browser.post(admin_url("revisions_restore", article, old.pk), {"change_address": "on"})
    assert Listicle.objects.get(pk=article.pk).slug == "3-rooftop-scenes-we-love"  # not yet
    editor_browser.post(admin_url("draft_publish", article))

    article.refresh_from_db()
    assert article.slug == "3-rooftop-scenes"
    moved = Client().get(f"/article/{article.pk}/3-rooftop-scenes-we-love/")
    assert moved.status_code in (301, 302) and moved["Location"].endswith("/3-rooftop-scenes/")


def test_a_restored_bad_headline_is_blocked_at_publication(article, editor_browser):
    Listicle.objects.filter(pk=article.pk).update(title="5 K-Drama Rooftop Scenes")
    bad = revisions.record(Listicle.objects.get(pk=article.pk), user=None)
    Listicle.objects.filter(pk=article.pk).update(title="3 Rooftop Scenes")
    revisions.record(Listicle.objects.get(pk=article.pk), user=None)

    editor_browser.post(admin_url("revisions_restore", article, bad.pk))
    response = editor_browser.post(admin_url("draft_publish", article), follow=True)

    assert "The headline promises 5 but there are 3 entries" in " ".join(messages_of(response))
    assert "5 K-Drama" not in public_page(article)


def test_previews_and_share_links_show_the_draft_readers_do_not(article, editor_browser):
    save(editor_browser, article, dek="A dek only the newsroom sees yet")
    token = preview.make_token(article)

    staff = editor_browser.get(admin_url("preview", article)).content.decode()
    shared = Client().get(reverse("articles:preview", args=[token])).content.decode()

    assert "A dek only the newsroom sees yet" in staff
    assert "A dek only the newsroom sees yet" in shared
    assert "A dek only the newsroom sees yet" not in public_page(article)
    assert Listicle.objects.get(pk=article.pk).dek == "Old dek"


def test_scheduled_changes_go_live_at_their_time(article, editor_browser, time_machine):
    save(editor_browser, article, dek="Tomorrow's dek")
    at = timezone.localtime() + timedelta(hours=2)

    response = editor_browser.post(
        admin_url("draft_schedule", article), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 303
    assert Draft.objects.get(listicle=article).publish_at is not None
    call_command("publish_due_drafts")
    assert Listicle.objects.get(pk=article.pk).dek == "Old dek"
    page = editor_browser.get(admin_url("change", article)).content.decode()
    assert "The changes are scheduled for" in page

    time_machine.move_to(timezone.now() + timedelta(hours=3))
    call_command("publish_due_drafts")

    assert Listicle.objects.get(pk=article.pk).dek == "Tomorrow's dek"
    assert (
        "Tomorrow&#x27;s dek" in public_page(article)
        or "Tomorrow’s dek" in public_page(article)
        or ("Tomorrow's dek" in public_page(article))
    )
    assert not Draft.objects.exists()


def test_a_schedule_in_the_past_or_by_a_writer_is_refused(article, editor_browser, writer):
    save(editor_browser, article, dek="Later")
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    refused = editor_browser.post(admin_url("draft_schedule", article), {"publish_at": past}, follow=True)
    assert "Choose a time in the future" in " ".join(messages_of(refused))
    junk = editor_browser.post(admin_url("draft_schedule", article), {"publish_at": "soon"}, follow=True)
    assert "Enter a date and time" in " ".join(messages_of(junk))
    browser = Client()
    browser.force_login(writer)
    future = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    by_writer = browser.post(admin_url("draft_schedule", article), {"publish_at": future}, follow=True)
    assert "Only editors can schedule" in " ".join(messages_of(by_writer))
    assert Draft.objects.get(listicle=article).publish_at is None


def test_a_scheduled_draft_that_fails_the_checks_by_then_stays_a_draft(article, editor, time_machine):
    draft_revision = revisions.record(article, user=None)
    snapshot = {**draft_revision.snapshot, "title": "9 Rooftop Scenes"}
    drafts.store(article, snapshot=snapshot, entry_ids=draft_revision.entry_ids, user=editor, summary="x")
    Draft.objects.update(publish_at=timezone.now() - timedelta(minutes=1))

    published, refused = drafts.publish_due()

    assert published == [] and "The headline promises 9" in refused[0]
    assert Draft.objects.get().publish_at is None
    assert Listicle.objects.get(pk=article.pk).title == "3 Rooftop Scenes"


def test_two_editors_saving_the_draft_are_merged_not_overwritten(article, editor):
    bob = factories.UserFactory(username="bob", first_name="Bob", is_staff=True)
    bob.groups.add(Group.objects.get(name="Editors"))
    alice_browser, bob_browser = Client(), Client()
    alice_browser.force_login(editor)
    bob_browser.force_login(bob)
    alice_page = alice_browser.get(admin_url("change", article))
    bob_page = bob_browser.get(admin_url("change", article))

    alice_browser.post(admin_url("change", article), form_values(alice_page, title="3 Rooftop Scenes, Alice"))
    merged = bob_browser.post(
        admin_url("change", article), form_values(bob_page, dek="Bob's dek"), follow=True
    )

    snapshot = Draft.objects.get(listicle=article).revision.snapshot
    assert (snapshot["title"], snapshot["dek"]) == ("3 Rooftop Scenes, Alice", "Bob's dek")
    assert any("merged with what" in text for text in messages_of(merged))
    assert Listicle.objects.get(pk=article.pk).title == "3 Rooftop Scenes"

    # Now both change the title: Bob sees both versions, and nothing of his is kept yet.
    alice_page = alice_browser.get(admin_url("change", article))
    bob_page = bob_browser.get(admin_url("change", article))
    alice_browser.post(admin_url("change", article), form_values(alice_page, title="3 Scenes by Alice"))
    clash = bob_browser.post(admin_url("change", article), form_values(bob_page, title="3 Scenes by Bob"))
    assert clash.status_code == 200 and "you both changed" in clash.content.decode()
    assert Draft.objects.get(listicle=article).revision.snapshot["title"] == "3 Scenes by Alice"


def test_an_added_entry_keeps_its_place_in_the_form_through_later_saves(article, editor_browser):
    drama = factories.DramaFactory(title="Goblin")
    page = editor_browser.get(admin_url("change", article))
    data = form_values(
        page,
        title="4 Rooftop Scenes",
        entries__TOTAL_FORMS="4",
        entries__3__drama=str(drama.pk),
        entries__3__body="Snow.",
        entries__3__position="3",
        entries__3__listicle=str(article.pk),
    )
    assert editor_browser.post(admin_url("change", article), data).status_code == 302
    assert article.entries.count() == 3

    response = save(editor_browser, article, entries__3__body="Snow, again.")

    assert response.status_code == 302, response.content.decode()[:3000]
    snapshot = Draft.objects.get(listicle=article).revision.snapshot
    assert [entry["body"] for entry in snapshot["entries"]][-1] == "Snow, again."
    editor_browser.post(admin_url("draft_publish", article))
    assert article.entries.count() == 4 and "Snow, again." in public_page(article)


def test_unpublishing_keeps_the_drafts_changes_as_the_article(article, editor, editor_browser):
    save(editor_browser, article, dek="Kept when taken down")

    transition(article, to=Status.DRAFT, by=editor)

    assert Listicle.objects.get(pk=article.pk).dek == "Kept when taken down"
    assert not Draft.objects.exists()


def test_a_save_that_brings_back_the_live_version_drops_the_draft(article, editor_browser):
    save(editor_browser, article, dek="Changed")
    save(editor_browser, article, dek="Old dek")
    assert not Draft.objects.exists()


def test_saving_a_draft_purges_nothing_and_publishing_it_purges_the_article(
    editor, editor_browser, settings, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # setup's own purges, done with
        article = factories.ListicleFactory(title="1 Rooftop Scene", slug="1-rooftop-scene")
        factories.full_entry(article)
        transition(article, to=Status.PUBLISHED, by=editor)
    settings.FRONTEND_CACHE_BACKENDS = ["nginx"]
    settings.FRONTEND_CACHE_NGINX_URL = "http://127.0.0.1:9"
    settings.FRONTEND_CACHE_BASE_URLS = ["http://testserver"]
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 0
    calls = []
    monkeypatch.setattr(frontend_cache, "purge", lambda urls: calls.append(set(urls)) or [])
    monkeypatch.setattr(frontend_cache, "purge_all", lambda: calls.append({"everything"}) or [])
    page_url = article.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        save(editor_browser, article, dek="Quiet")

    assert calls == []

    with django_capture_on_commit_callbacks(execute=True):
        editor_browser.post(admin_url("draft_publish", article))

    assert any(page_url in call for call in calls), calls


def test_the_change_page_with_a_draft_reads_a_constant_number_of_queries(
    editor, editor_browser, django_assert_max_num_queries
):
    listicle = factories.ListicleFactory(title="Scenes", slug="scenes")
    factories.full_entry(listicle)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    save(editor_browser, listicle, dek="Drafted")
    editor_browser.get(admin_url("change", listicle))  # what is kept once, in caches, is kept
    with django_assert_max_num_queries(200) as few:
        assert editor_browser.get(admin_url("change", listicle)).status_code == 200
    count = len(few.captured_queries)
    Draft.objects.all().delete()
    for position in range(1, 12):
        factories.full_entry(listicle, position=position)
    save(editor_browser, listicle, dek="Drafted again")
    assert Draft.objects.exists()
    editor_browser.get(admin_url("change", listicle))

    with django_assert_max_num_queries(count):
        response = editor_browser.get(admin_url("change", listicle))

    assert "Draft (unpublished changes)" in response.content.decode()


def test_an_article_with_a_draft_can_still_be_deleted(article, editor_browser):
    save(editor_browser, article, dek="Drafted")

    Listicle.objects.get(pk=article.pk).delete()

    assert not Draft.objects.exists() and not Revision.objects.exists()


def test_the_history_marks_the_draft_revisions(article, editor_browser):
    save(editor_browser, article, dek="Drafted")

    page = editor_browser.get(admin_url("revisions", article)).content.decode()

    assert '<span class="revision-draft">Draft</span>' in page


def test_unpublish_pressed_on_the_form_saves_the_changes_and_keeps_them_as_the_article(
    article, editor_browser
):
    response = save(editor_browser, article, dek="Typed before unpublishing", _workflow="unpublish")

    assert response.status_code == 302
    listicle = Listicle.objects.get(pk=article.pk)
    assert (listicle.status, listicle.dek) == (Status.DRAFT, "Typed before unpublishing")
    assert not Draft.objects.exists()


def test_schedule_changes_on_the_form_saves_then_schedules(article, editor_browser):
    at = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = save(
        editor_browser, article, dek="Tomorrow", _draft="schedule", **{"draft-schedule-publish_at": at}
    )

    assert response.status_code == 303
    draft = Draft.objects.get(listicle=article)
    assert draft.publish_at is not None and draft.revision.snapshot["dek"] == "Tomorrow"
    assert Listicle.objects.get(pk=article.pk).dek == "Old dek"
    cancelled = editor_browser.post(admin_url("draft_schedule", article), {"cancel": "1"})
    assert cancelled.status_code == 303 and Draft.objects.get().publish_at is None


def test_the_list_of_articles_says_which_live_ones_have_unpublished_changes(article, editor_browser):
    save(editor_browser, article, dek="Drafted")
    factories.PublishedListicleFactory(title="Untouched")

    page = editor_browser.get(reverse("admin:articles_listicle_changelist")).content.decode()

    assert "Published, with unpublished changes" in page
    assert page.count("with unpublished changes") == 1


def test_a_publish_with_a_mangled_revision_publishes_nothing_and_says_why(article, editor_browser):
    save(editor_browser, article, dek="Drafted")

    response = editor_browser.post(admin_url("draft_publish", article), {"revision": "abc"}, follow=True)

    assert "Nothing was published" in " ".join(messages_of(response))
    assert Listicle.objects.get(pk=article.pk).dek == "Old dek"

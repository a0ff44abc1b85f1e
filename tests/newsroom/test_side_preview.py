"""The preview beside the change form: the article page rendered from the unsaved form, for those
who may save it, writing nothing."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles.models import Entry, EntryScene, Listicle, Status
from newsroom.models import Draft, PreviewLink, Revision
from newsroom.workflow import transition
from tests import factories
from tests.admin_forms import form_values
from tests.test_security_headers import policy

pytestmark = pytest.mark.django_db

COUNTED = [Listicle, Entry, EntryScene, Revision, Draft, LogEntry, PreviewLink, Tag, TaggedItem]


@pytest.fixture
def draft(writer):
    """A writer's draft with two entries."""
    listicle = factories.ListicleFactory(
        title="Two Rooftop Scenes", slug="two-rooftop-scenes", created_by=writer, intro="The old intro."
    )
    for position in range(2):
        factories.full_entry(listicle, position=position)
    return listicle


@pytest.fixture
def live(editor):
    listicle = factories.ListicleFactory(
        title="3 Rooftop Scenes", slug="3-rooftop-scenes", dek="The live dek"
    )
    for position in range(3):
        factories.full_entry(listicle, position=position)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    return listicle


def logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def admin_url(name, listicle):
    return reverse(f"admin:articles_listicle_{name}", args=[listicle.pk])


def change_form(browser, listicle, **changes):
    page = browser.get(admin_url("change", listicle))
    assert page.status_code == 200
    return form_values(page, **changes)


def preview(browser, listicle, data):
    return browser.post(admin_url("unsaved_preview", listicle), data)


def rows():
    return {model.__name__: model.objects.count() for model in COUNTED}


def stored(listicle):
    return {
        "listicle": Listicle.objects.filter(pk=listicle.pk).values().get(),
        "entries": list(Entry.objects.filter(listicle=listicle).order_by("pk").values()),
    }


def test_the_preview_shows_what_was_typed_and_nothing_is_saved(writer, draft):
    browser = logged_in(writer)
    data = change_form(
        browser,
        draft,
        title="Two Rooftop Confessions, Unsaved",
        intro="A brand new *intro*.",
        entries__1__body="Typed, not saved, into the second entry.",
    )
    before, kept = rows(), stored(draft)

    response = preview(browser, draft, data)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Two Rooftop Confessions, Unsaved" in page
    assert "A brand new <em>intro</em>." in page
    assert "Typed, not saved, into the second entry." in page
    assert "preview-banner" in page
    assert rows() == before
    assert stored(draft) == kept
    assert "Two Rooftop Confessions, Unsaved" not in browser.get(admin_url("change", draft)).content.decode()


def test_a_preview_is_private_and_framed_only_by_this_sites_pages(writer, draft):
    browser = logged_in(writer)
    response = preview(browser, draft, change_form(browser, draft))

    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # The pane opens with the saved version's preview, framed the same way.
    saved = browser.get(admin_url("preview", draft))
    assert saved["X-Frame-Options"] == "SAMEORIGIN" and policy(saved)["frame-ancestors"] == ["'self'"]
    # The change page may frame this site's pages; readers' pages still refuse any frame.
    change = browser.get(admin_url("change", draft))
    assert "'self'" in policy(change)["frame-src"]
    assert policy(change)["frame-ancestors"] == ["'none'"]
    assert change["X-Frame-Options"] == "DENY"
    public = Client().get("/")
    assert public["X-Frame-Options"] == "DENY" and policy(public)["frame-ancestors"] == ["'none'"]


def test_the_signed_preview_link_still_refuses_any_frame(editor, draft):
    from newsroom import preview as previews

    response = Client().get(
        reverse("articles:preview", kwargs={"token": previews.make_token(draft, by=editor)})
    )
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]


def test_invalid_input_answers_its_errors_and_writes_nothing(writer, draft):
    browser = logged_in(writer)
    data = change_form(browser, draft, title="", entries__0__drama="999999")
    before, kept = rows(), stored(draft)

    response = preview(browser, draft, data)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "Title: This field is required." in errors
    assert any(error.startswith("Entry 1, Drama: Select a valid choice") for error in errors), errors
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert rows() == before and stored(draft) == kept


def test_a_tampered_form_is_a_400_not_a_500(writer, draft):
    browser = logged_in(writer)
    data = change_form(browser, draft, entries__TOTAL_FORMS="lots", entries__INITIAL_FORMS="x")

    response = preview(browser, draft, data)

    assert response.status_code == 400
    assert response.json()["errors"]
    assert preview(browser, draft, {}).status_code == 400


def test_other_writers_article_is_refused(writer, draft):
    other = factories.UserFactory(username="other-writer", is_staff=True)
    other.groups.add(writer.groups.get())
    browser = logged_in(other)
    data = change_form(logged_in(writer), draft, title="Not theirs")

    response = preview(browser, draft, data)

    assert response.status_code == 403
    assert "Not theirs" not in response.content.decode()


def test_someone_who_may_not_change_it_is_refused(draft):
    viewer = factories.UserFactory(username="viewer", is_staff=True)
    response = preview(logged_in(viewer), draft, {"title": "x"})
    assert response.status_code == 403
    anonymous = Client().post(admin_url("unsaved_preview", draft), {"title": "x"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_a_listicle_that_does_not_exist_is_a_404(editor):
    response = logged_in(editor).post(
        reverse("admin:articles_listicle_unsaved_preview", args=[987654]), {"title": "x"}
    )
    assert response.status_code == 404


def test_only_a_post_previews_unsaved_changes(writer, draft):
    response = logged_in(writer).get(admin_url("unsaved_preview", draft))
    assert response.status_code == 405


def test_the_post_needs_its_csrf_token(writer, draft):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(writer)
    data = change_form(browser, draft, title="Without a token")
    data.pop("csrfmiddlewaretoken", None)
    assert preview(browser, draft, data).status_code == 403
    token = browser.cookies["csrftoken"].value
    response = browser.post(admin_url("unsaved_preview", draft), data, headers={"X-CSRFToken": token})
    assert response.status_code == 200 and "Without a token" in response.content.decode()


def test_a_live_articles_preview_starts_from_its_draft_and_changes_neither(editor, live):
    browser = logged_in(editor)
    browser.post(admin_url("change", live), change_form(browser, live, dek="The draft dek"))
    draft = Draft.objects.get(listicle=live)
    data = change_form(browser, live, title="3 Rooftop Scenes, Retitled")
    assert "The draft dek" in data["dek"]
    before, kept = rows(), stored(live)

    response = preview(browser, live, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "3 Rooftop Scenes, Retitled" in page and "The draft dek" in page
    assert rows() == before and stored(live) == kept
    assert Draft.objects.get(listicle=live).revision_id == draft.revision_id
    public = Client().get(Listicle.objects.get(pk=live.pk).get_absolute_url()).content.decode()
    assert "3 Rooftop Scenes, Retitled" not in public and "The draft dek" not in public


def test_a_new_article_previews_from_the_add_form_and_nothing_is_created(writer):
    browser = logged_in(writer)
    drama = factories.DramaFactory(title="Goblin")
    page = browser.get(reverse("admin:articles_listicle_add"))
    assert 'id="side-preview"' in page.content.decode()
    data = form_values(
        page,
        title="A Listicle Not Yet Saved",
        slug="a-listicle-not-yet-saved",
        intro="Written before saving.",
        entries__0__drama=str(drama.pk),
        entries__0__body="Goblin, typed into a new entry.",
    )
    before = rows()

    response = browser.post(reverse("admin:articles_listicle_add_preview"), data)

    assert response.status_code == 200, response.content[:500]
    assert "A Listicle Not Yet Saved" in response.content.decode()
    assert "Goblin, typed into a new entry." in response.content.decode()
    assert rows() == before


def test_without_the_add_permission_there_is_no_add_preview(db):
    viewer = factories.UserFactory(username="viewer", is_staff=True)
    response = logged_in(viewer).post(reverse("admin:articles_listicle_add_preview"), {"title": "x"})
    assert response.status_code == 403


def test_the_change_page_offers_the_preview_beside_only_to_who_may_save_it(writer, editor, draft, live):
    page = logged_in(writer).get(admin_url("change", draft)).content.decode()
    assert 'id="side-preview-toggle"' in page and admin_url("unsaved_preview", draft) in page
    other_writers_live = logged_in(writer).get(admin_url("change", live))
    if other_writers_live.status_code == 200:
        assert 'id="side-preview-toggle"' not in other_writers_live.content.decode()


def grow(listicle, count):
    for position in range(count):
        factories.full_entry(listicle, position=100 + position)


def test_a_preview_costs_the_same_number_of_queries_whatever_the_number_of_entries(
    writer, draft, django_assert_max_num_queries
):
    browser = logged_in(writer)
    data = change_form(browser, draft, entries__0__body="One changed entry.")
    with django_assert_max_num_queries(80) as few:
        assert preview(browser, draft, data).status_code == 200
    counted = len(few.captured_queries)  # read now: the next request empties the log it reads

    grow(draft, 6)
    data = change_form(browser, draft, entries__0__body="One changed entry.")
    with django_assert_max_num_queries(counted):
        response = preview(browser, draft, data)
    assert response.status_code == 200 and "One changed entry." in response.content.decode()

"""Editors at work in the admin, in a real browser: ordering entries by dragging, publishing."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Listicle, Status
from tests import factories
from tests.e2e.admin_session import drag, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def signed_in(page, live_server):
    user = factories.UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    sign_in(page, live_server, "editor", PASSWORD)
    return page


@pytest.fixture
def draft():
    listicle = factories.ListicleFactory(title="Three confessions", slug="three-confessions")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    return listicle


def change_url(live_server, listicle):
    return f"{live_server.url}/admin/articles/listicle/{listicle.pk}/change/"


def test_editor_reorders_entries_by_dragging_without_typing_a_number(signed_in, live_server, draft):
    page = signed_in
    first, second, third = (entry.drama.title for entry in draft.entries.order_by("position"))
    page.set_viewport_size({"width": 1280, "height": 3000})  # all three entries on screen at once
    page.goto(change_url(live_server, draft))

    titles = page.locator("#entries-group .inline-related.has_original h3")
    drag(page, titles.nth(2), titles.nth(0))
    with page.expect_navigation():
        page.click("input[name=_continue]")

    assert [entry.drama.title for entry in draft.entries.order_by("position")] == [third, first, second]


def test_editor_publishes_a_draft_with_the_button_and_readers_can_read_it(signed_in, live_server, draft):
    page = signed_in
    draft_url = f"{live_server.url}/article/{draft.pk}/{draft.slug}/"
    assert page.context.new_page().goto(draft_url).status == 404

    page.goto(change_url(live_server, draft))
    with page.expect_navigation():
        page.get_by_role("button", name="Publish now").click()

    assert page.locator(".messagelist").inner_text()
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    reader = page.context.browser.new_page()
    response = reader.goto(live_server.url + draft.get_absolute_url())
    assert response.status == 200
    assert reader.locator("h1").inner_text() == "Three confessions"
    reader.close()


def test_publish_stays_disabled_while_an_editorial_check_fails(signed_in, live_server):
    page = signed_in
    empty = factories.ListicleFactory(title="12 Most Memorable Confessions", slug="empty")
    page.goto(change_url(live_server, empty))

    assert page.get_by_role("button", name="Publish now").is_disabled()
    assert "no entries" in page.locator(".workflow-checks").inner_text().lower()
    assert Listicle.objects.get(pk=empty.pk).status == Status.DRAFT


def test_editor_shares_a_preview_link_then_revokes_it_and_it_stops_working(
    signed_in, browser, live_server, draft
):
    page = signed_in
    page.goto(f"{live_server.url}/admin/articles/listicle/{draft.pk}/preview/share/")
    with page.expect_navigation():
        page.click("input[value='Create preview link']")
    link = page.input_value("#preview-link")
    context = browser.new_context()  # someone without an account
    stranger = context.new_page()
    assert stranger.goto(link).status == 200

    page.goto(f"{live_server.url}/admin/articles/listicle/{draft.pk}/preview/share/")
    assert page.locator(".preview-links tbody tr").count() == 1
    with page.expect_navigation():
        page.click(".preview-links a:text('Revoke…')")
    assert stranger.goto(link).status == 200  # asked first: nothing revoked yet
    with page.expect_navigation():
        page.click("input[value='Yes, revoke it']")

    assert "no longer opens the article" in page.locator(".messagelist").inner_text()
    assert page.locator(".preview-links").count() == 0
    assert stranger.goto(link).status == 404
    context.close()


def test_pickers_show_their_empty_choice_as_blank_and_a_cleared_one_saves_as_none(
    signed_in, live_server, draft
):
    page = signed_in
    entry = draft.entries.order_by("position").first()
    page.goto(f"{live_server.url}/admin/articles/entry/{entry.pk}/change/")

    speaker = page.locator(".field-quote_role .select2-selection")
    expect(speaker.locator(".select2-selection__rendered")).to_contain_text(entry.quote_role.character)
    speaker.locator(".select2-selection__clear").click()
    page.keyboard.press("Escape")
    # The empty choice is the picker's blank placeholder, not a "---------" item.
    expect(speaker.locator(".select2-selection__rendered")).to_have_text("")
    expect(page.locator("#id_quote_role")).to_have_value("")
    # The required drama picker offers no way to empty it.
    expect(page.locator(".field-drama .select2-selection__clear")).to_have_count(0)
    with page.expect_navigation():
        page.click("input[name=_continue]")

    entry.refresh_from_db()
    assert entry.quote_role is None and entry.drama_id is not None

    page.goto(f"{live_server.url}/admin/articles/listicle/add/")
    author = page.locator(".field-author .select2-selection__rendered")
    expect(author).to_have_text("")
    page.locator(".field-author .select2-selection").click()
    expect(
        page.locator(".select2-container--open .select2-results__option", has_text="---------")
    ).to_have_count(0)

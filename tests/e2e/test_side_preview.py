"""Writing with the page in view: the preview beside the change form follows what the editor types,
saved nowhere, while readers keep the live article.

Set E2E_SCREENSHOTS to a folder to keep screenshots of the change page with the preview open, on
a desktop and at phone width.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Entry, Listicle, Status
from newsroom.models import Draft, Revision
from newsroom.workflow import transition
from tests import factories
from tests.e2e.admin_session import sign_in

from .conftest import PHONE, open_page
from .test_accessibility import describe, serious_violations
from .test_comments import screenshot
from .test_editing_safely import new_serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor():
    user = factories.UserFactory(username="editor", first_name="Alice", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def live(editor):
    listicle = factories.ListicleFactory(
        title="3 Rooftop Scenes", slug="3-rooftop-scenes", dek="The live dek"
    )
    for position in range(3):
        factories.full_entry(listicle, position=position)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    return listicle


@pytest.fixture
def reader(browser):
    yield from open_page(browser, {"viewport": {"width": 1280, "height": 900}})


def test_the_preview_beside_follows_the_typing_without_saving(
    page, reader, browser, live_server, live, editor
):
    article_url = live_server.url + live.get_absolute_url()
    change_url = f"{live_server.url}/admin/articles/listicle/{live.pk}/change/"
    saved = (Revision.objects.count(), Draft.objects.count())
    sign_in(page, live_server, "editor", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(change_url)

    toggle = page.get_by_role("button", name="Preview beside")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    pane = page.locator("#side-preview")
    expect(pane).to_be_visible()
    frame = page.frame_locator(".side-preview-frame")
    expect(frame.locator("h1").first).to_have_text("3 Rooftop Scenes")
    # Beside the form, not over it.
    form_box, pane_box = page.locator("#listicle_form").bounding_box(), pane.bounding_box()
    assert form_box["x"] + form_box["width"] <= pane_box["x"] + 1

    # The reader of the preview scrolls down to the entries, and stays there as it updates.
    page.locator(".side-preview-frame").evaluate("frame => frame.contentWindow.scrollTo(0, 400)")
    page.fill("#id_title", "3 Rooftop Scenes, Typed Not Saved")
    body = page.locator("textarea[name='entries-0-body']")
    body.fill("A new line for the first entry, typed beside the preview.")
    expect(frame.locator("h1").first).to_have_text("3 Rooftop Scenes, Typed Not Saved")
    expect(frame.get_by_text("A new line for the first entry, typed beside the preview.")).to_be_visible()
    assert page.locator(".side-preview-frame").evaluate("frame => frame.contentWindow.scrollY") == 400
    expect(page.locator(".side-preview-state")).to_contain_text("not saved yet")

    # A mistake: the last good page stays, with the errors above it.
    page.fill("#id_title", "")
    errors = page.locator(".side-preview-errors")
    expect(errors).to_contain_text("Title: This field is required.")
    expect(frame.locator("h1").first).to_have_text("3 Rooftop Scenes, Typed Not Saved")
    page.fill("#id_title", "3 Rooftop Scenes, Typed Again")
    expect(frame.locator("h1").first).to_have_text("3 Rooftop Scenes, Typed Again")
    expect(errors).to_be_hidden()

    # The whole page, less what Django's own admin fails on every page (its breadcrumbs, select2).
    assert new_serious_violations(page) == []
    found = serious_violations(page, context="#side-preview")
    assert not found, "axe-core, the preview beside:\n" + describe(found)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "preview-side-preview-desktop")

    # Nothing was saved: readers, the rows and the history are as they were.
    reader.goto(article_url)
    assert reader.locator("h1").first.inner_text() == "3 Rooftop Scenes"
    assert "typed beside the preview" not in reader.content()
    assert Listicle.objects.get(pk=live.pk).title == "3 Rooftop Scenes"
    assert not Entry.objects.filter(body__contains="typed beside the preview").exists()
    assert (Revision.objects.count(), Draft.objects.count()) == saved

    # On a phone the preview is a screen of its own, and closes back to the form.
    phone_pages = open_page(browser, PHONE)
    phone = next(phone_pages)
    sign_in(phone, live_server, "editor", PASSWORD)
    phone.goto(change_url)
    phone.get_by_role("button", name="Preview beside").click()
    phone_pane = phone.locator("#side-preview")
    expect(phone.frame_locator(".side-preview-frame").locator("h1").first).to_have_text("3 Rooftop Scenes")
    box = phone_pane.bounding_box()
    assert box["x"] == 0 and box["width"] == PHONE["viewport"]["width"]
    screenshot(phone, "preview-side-preview-phone")
    close = phone.get_by_role("button", name="Close preview")
    expect(close).to_be_focused()  # the form is behind the preview
    close.click()
    expect(phone_pane).to_be_hidden()
    expect(phone.get_by_role("button", name="Preview beside")).to_be_focused()
    phone.get_by_role("button", name="Preview beside").click()
    phone.keyboard.press("Escape")
    expect(phone_pane).to_be_hidden()
    next(phone_pages, None)


def test_the_add_page_previews_a_new_article_before_it_exists(page, live_server, editor):
    factories.DramaFactory(title="Goblin")
    sign_in(page, live_server, "editor", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/listicle/add/")
    page.get_by_role("button", name="Preview beside").click()
    page.fill("#id_title", "A Headline Nobody Saved")
    frame = page.frame_locator(".side-preview-frame")
    expect(frame.locator("h1").first).to_have_text("A Headline Nobody Saved")
    expect(page.locator(".side-preview-state")).to_have_text(re.compile("not saved yet"))
    assert not Listicle.objects.filter(title="A Headline Nobody Saved").exists()

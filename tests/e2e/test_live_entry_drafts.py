"""A live article's entry edited on its own page, in a real browser: the change joins the article's
draft, and a reader keeps the live version.

Set E2E_SCREENSHOTS to a folder to keep screenshots of the entry page, on a desktop and at phone
width.
"""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Entry, Status
from newsroom.models import Draft
from newsroom.workflow import transition
from tests import factories
from tests.e2e.admin_session import sign_in

from .conftest import PHONE, open_page
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
    listicle = factories.ListicleFactory(title="3 Rooftop Scenes", slug="3-rooftop-scenes")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    return listicle


@pytest.fixture
def reader(browser):
    yield from open_page(browser, {"viewport": {"width": 1280, "height": 900}})


def test_an_entry_of_a_live_article_is_saved_into_its_draft(page, reader, browser, live_server, live, editor):
    entry = live.entries.order_by("position").first()
    entry_url = f"{live_server.url}/admin/articles/entry/{entry.pk}/change/"
    sign_in(page, live_server, "editor", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(entry_url)

    note = page.locator(".live-draft-note")
    expect(note).to_contain_text("“3 Rooftop Scenes” is live: you are editing its draft")
    assert new_serious_violations(page) == []
    screenshot(page, "preview-live-entry-page-desktop")
    page.fill("textarea[name=body]", "Rewritten on the entry's own page.")
    page.get_by_role("button", name="Save", exact=True).click()

    page.wait_for_url(f"**/admin/articles/listicle/{live.pk}/change/#entries-group")
    expect(page.locator(".messagelist")).to_contain_text("saved as a draft: readers see the live version")
    expect(page.locator(".workflow-status")).to_contain_text("Draft (unpublished changes)")
    reader.goto(live_server.url + live.get_absolute_url())
    assert "Rewritten on the entry's own page." not in reader.content()
    assert Entry.objects.get(pk=entry.pk).body != "Rewritten on the entry's own page."
    assert "Rewritten on the entry's own page." in str(Draft.objects.get(listicle=live).revision.snapshot)

    phone_pages = open_page(browser, PHONE)
    phone = next(phone_pages)
    sign_in(phone, live_server, "editor", PASSWORD)
    phone.goto(entry_url)
    expect(phone.locator(".live-draft-note")).to_be_visible()
    expect(phone.locator("textarea[name=body]")).to_have_value("Rewritten on the entry's own page.")
    screenshot(phone, "preview-live-entry-page-phone")
    next(phone_pages, None)

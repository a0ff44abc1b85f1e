"""A live article edited in a real browser: the changes are a draft, checked, previewed and then
published, while a reader's browser keeps showing the live version until then.

Set E2E_SCREENSHOTS to a folder to keep screenshots of the change page with a draft, on a desktop
and at phone width.
"""

import pytest
from django.contrib.auth.models import Group

from articles.models import Listicle, Status
from newsroom.workflow import transition
from tests import factories
from tests.e2e.admin_session import sign_in

from .conftest import PHONE, open_page
from .test_accessibility import describe, serious_violations
from .test_comments import screenshot

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
    """An anonymous reader's browser, with a context (cookies, cache) of its own."""
    yield from open_page(browser, {"viewport": {"width": 1280, "height": 900}})


def headline(page):
    return page.locator("h1").first.inner_text()


def test_a_live_articles_changes_are_checked_previewed_and_published_as_a_draft(
    page, reader, browser, live_server, live, editor
):
    article_url = live_server.url + live.get_absolute_url()
    change_url = f"{live_server.url}/admin/articles/listicle/{live.pk}/change/"
    reader.goto(article_url)
    assert headline(reader) == "3 Rooftop Scenes"

    sign_in(page, live_server, "editor", PASSWORD)
    page.goto(change_url)
    assert page.locator(".workflow-status").inner_text().startswith("Status: Live")
    page.fill("#id_title", "5 K-Drama Rooftop Scenes")
    page.click("input[name=_continue]")
    page.wait_for_url(change_url)

    # Saved as a draft: the checks speak about the changes, and publishing waits for a fix.
    assert "Draft (unpublished changes)" in page.locator(".workflow-status").inner_text()
    checks = page.locator(".workflow-checks")
    assert "Before these changes can be published" in checks.inner_text()
    assert "The headline promises 5 but there are 3 entries" in checks.inner_text()
    assert page.get_by_role("button", name="Publish changes").is_disabled()
    reader.reload()
    assert headline(reader) == "3 Rooftop Scenes"

    page.fill("#id_title", "3 Rooftop Scenes We Still Think About")
    page.click("input[name=_continue]")
    page.wait_for_url(change_url)
    assert "Ready to publish: the changes pass every editorial check." in page.inner_text(".workflow-panel")
    assert page.input_value("#id_title") == "3 Rooftop Scenes We Still Think About"
    found = serious_violations(page, context=".workflow-panel")
    assert not found, "axe-core, the Publishing panel with a draft:\n" + describe(found)
    screenshot(page, "live-draft-change-page")

    # The preview shows the draft; the reader still has the live version.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()
    assert headline(preview) == "3 Rooftop Scenes We Still Think About"
    preview.close()
    reader.reload()
    assert headline(reader) == "3 Rooftop Scenes"

    # The compare page lists what publishing changes.
    page.get_by_role("link", name="Compare live and draft").click()
    assert "<del>3 Rooftop Scenes</del>" in page.inner_html(".revision-changes")
    page.get_by_role("link", name="Back to the article").click()
    page.wait_for_url(change_url)

    # At phone width the panel's buttons stay whole.
    phone_pages = open_page(browser, PHONE)
    phone = next(phone_pages)
    sign_in(phone, live_server, "editor", PASSWORD)
    phone.goto(change_url)
    assert phone.get_by_role("button", name="Publish changes").is_visible()
    phone.locator("#live-draft").scroll_into_view_if_needed()
    screenshot(phone, "live-draft-change-page-phone")
    next(phone_pages, None)

    page.get_by_role("button", name="Publish changes").click()
    page.wait_for_url(change_url)
    assert "are published: readers see them now" in page.inner_text(".messagelist")
    assert "Draft (unpublished changes)" not in page.locator(".workflow-status").inner_text()
    reader.reload()
    assert headline(reader) == "3 Rooftop Scenes We Still Think About"
    assert Listicle.objects.get(pk=live.pk).title == "3 Rooftop Scenes We Still Think About"

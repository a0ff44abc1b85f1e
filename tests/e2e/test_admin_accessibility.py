"""The admin pages the newsroom lives in pass axe-core with nothing exempted, in a real browser: the
listicle's change page, with its pickers opened and closed, and the comment moderation queue, at
desktop and phone width, in the light and the dark colour scheme. The pickers' controls are read
out by their field's label, and breadcrumb links are underlined, not told apart by colour alone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import CommentStatus, HeldFor
from tests import factories

from .admin_session import sign_in
from .conftest import DESKTOP, PHONE, settle
from .test_accessibility import describe
from .test_comments import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
SCREENS = {"desktop": DESKTOP, "phone": PHONE}
SERIOUS = {"serious", "critical"}


def violations(page, impacts=None):
    """Every rule axe-core fails on the page (of the given impacts), none left out."""
    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    return [found for found in response["violations"] if impacts is None or found["impact"] in impacts]


@pytest.fixture(params=[(screen, scheme) for screen in SCREENS for scheme in ("light", "dark")], ids="-".join)
def editor_page(request, browser, live_server):
    screen, scheme = request.param
    user = factories.UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    context = browser.new_context(color_scheme=scheme, **SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "editor", PASSWORD)
    page.shot_name = f"{screen}-{scheme}"
    yield page
    settle(context)
    context.close()


@pytest.fixture
def draft():
    listicle = factories.ListicleFactory(title="Three confessions")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    return listicle


def test_the_change_page_passes_axe_with_its_pickers_opened_and_closed(editor_page, live_server, draft):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/listicle/{draft.pk}/change/")
    found = violations(page)
    assert not found, "axe-core, change page:\n" + describe(found)
    screenshot(page, f"admin-change-{page.shot_name}")

    tags = page.locator(".field-tags .select2-selection")
    tags.scroll_into_view_if_needed()
    tags.click()
    expect(page.get_by_role("searchbox", name="Tags")).to_be_focused()
    page.keyboard.type("slow burn")
    expect(page.get_by_role("option", name="slow burn")).to_have_count(1)  # offered as a new tag
    found = violations(page, SERIOUS)
    assert not found, "axe-core, change page, tag picker open:\n" + describe(found)
    page.keyboard.press("Escape")
    expect(page.locator(".select2-container--open")).to_have_count(0)

    page.locator(".field-featuring .select2-selection").first.click()
    # Scoped to the featuring field: the tags picker may keep its focus class a moment longer.
    featuring = page.locator(".field-featuring .select2-container--focus .select2-search__field")
    expect(featuring).to_have_accessible_name(re.compile(r"^Featuring:?$"))
    featuring.fill("nobody is called this")
    expect(page.locator(".select2-results__message")).to_have_text("No results found")
    expect(page.get_by_role("status").filter(has_text="No results found")).to_have_count(1)
    found = violations(page, SERIOUS)
    assert not found, "axe-core, change page, picker open without results:\n" + describe(found)
    page.keyboard.press("Escape")
    expect(page.locator(".select2-container--open")).to_have_count(0)

    drama = draft.entries.order_by("position").first().drama
    page.locator(".field-drama .select2-selection").first.click()
    dropdown_search = page.locator(".select2-container--open .select2-search__field")
    expect(dropdown_search).to_have_accessible_name(re.compile(r"^Drama:?$"))
    dropdown_search.fill(drama.title)
    expect(page.get_by_role("option", name=drama.title)).to_have_count(1)
    found = violations(page, SERIOUS)
    assert not found, "axe-core, change page, one-value picker open:\n" + describe(found)
    page.keyboard.press("Escape")
    expect(page.locator(".select2-container--open")).to_have_count(0)

    found = violations(page)
    assert not found, "axe-core, change page, pickers closed again:\n" + describe(found)
    picker = page.get_by_role("combobox", name=re.compile(rf"^Drama\b.*{re.escape(drama.title)}"))
    expect(picker.first).to_be_visible()


def test_the_moderation_queue_passes_axe(editor_page, live_server):
    page = editor_page
    article = factories.PublishedListicleFactory(title="12 Most Memorable K-Drama Confession Scenes")
    for n in range(3):
        factories.CommentFactory(
            listicle=article,
            user=factories.reader_account(f"Reader {n}", username=f"reader{n}"),
            body=f"Waiting comment {n}",
            status=CommentStatus.PENDING,
            held_for=HeldFor.FIRST,
            hold_reasons=[{"reason": "first"}],
        )
    page.goto(live_server.url + "/admin/comments/comment/?waiting=yes")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    found = violations(page)
    assert not found, "axe-core, moderation queue:\n" + describe(found)


def test_breadcrumb_links_are_underlined_and_readable(editor_page, live_server, draft):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/listicle/{draft.pk}/change/")
    home = page.locator("div.breadcrumbs a", has_text="Home")
    assert "underline" in home.evaluate("link => getComputedStyle(link).textDecorationLine")
    home.hover()  # the admin's hover colour is the crumbs' text colour: the underline stays
    assert "underline" in home.evaluate("link => getComputedStyle(link).textDecorationLine")
    screenshot(page, f"admin-breadcrumbs-{page.shot_name}")
    found = violations(page, SERIOUS)
    assert not found, "axe-core, breadcrumbs hovered:\n" + describe(found)

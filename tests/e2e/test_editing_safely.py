"""Editors never lose work in the admin, in a real browser: leaving asks first, drafts come back,
two editors' saves merge, and long lists of entries are ordered from the keyboard."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests import factories
from tests.e2e.admin_session import sign_in

from .conftest import DESKTOP, settle

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


def make_editor(username, first_name):
    user = factories.UserFactory(username=username, first_name=first_name, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def signed_in(page, live_server):
    make_editor("editor", "Alice")
    sign_in(page, live_server, "editor", PASSWORD)
    return page


@pytest.fixture
def draft():
    listicle = factories.ListicleFactory(title="Three confessions", dek="Old dek", outro="Old outro")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    return listicle


@pytest.fixture
def long_draft():
    listicle = factories.ListicleFactory(title="Twelve confessions")
    for position in range(12):
        factories.full_entry(listicle, position=position)
    return listicle


def change_url(live_server, listicle):
    return f"{live_server.url}/admin/articles/listicle/{listicle.pk}/change/"


def test_leaving_with_an_edited_field_asks_first(signed_in, live_server, draft):
    page = signed_in
    page.goto(change_url(live_server, draft))
    page.fill("#id_dek", "A dek I have not saved")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("#nav-sidebar a", has_text="Authors").first.click()
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]
    assert page.url == change_url(live_server, draft)


def test_leaving_without_changes_does_not_ask(signed_in, live_server, draft):
    page = signed_in
    page.goto(change_url(live_server, draft))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    with page.expect_navigation():
        page.locator("#nav-sidebar a", has_text="Authors").first.click()
    assert dialogs == []


def test_typed_text_is_offered_back_after_the_tab_is_closed(signed_in, live_server, draft):
    page = signed_in
    page.goto(change_url(live_server, draft))
    page.fill("#id_intro", "Half an intro I never saved")
    page.wait_for_timeout(300)
    page.close(run_before_unload=False)

    again = signed_in.context.new_page()
    again.goto(change_url(live_server, draft))
    again.get_by_role("button", name="Restore my unsaved changes").click()

    assert again.input_value("#id_intro") == "Half an intro I never saved"
    with again.expect_navigation():
        again.click("input[name=_continue]")
    draft.refresh_from_db()
    assert draft.intro == "Half an intro I never saved"


def test_a_slow_save_is_not_offered_back_as_unsaved_work(signed_in, live_server, draft):
    page = signed_in
    url = change_url(live_server, draft)
    page.goto(url)
    page.fill("#id_dek", "Saved while the server took its time  ")  # the form trims the spaces

    def slowly(route):
        page.wait_for_timeout(3000)  # longer than the page's own two-second keeping of the form
        route.continue_()

    page.route(url, lambda route: slowly(route) if route.request.method == "POST" else route.continue_())
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.unroute(url)
    page.goto(url)

    expect(page.locator("#id_dek")).to_have_value("Saved while the server took its time")
    expect(page.get_by_role("button", name="Restore my unsaved changes")).to_have_count(0)


def test_ctrl_s_saves_and_keeps_editing(signed_in, live_server, draft):
    page = signed_in
    page.goto(change_url(live_server, draft))
    page.fill("#id_dek", "Saved from the keyboard")
    with page.expect_navigation():
        page.keyboard.press("Control+s")
    assert page.url == change_url(live_server, draft)
    draft.refresh_from_db()
    assert draft.dek == "Saved from the keyboard"


def test_ctrl_s_saves_from_inside_an_open_picker(signed_in, live_server, draft):
    page = signed_in
    page.goto(change_url(live_server, draft))
    page.fill("#id_dek", "Saved from a picker")
    page.locator(".field-tags .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill("rom")  # typing in the picker's search box, as an editor would, then saving
    with page.expect_navigation():
        search.press("Control+s")
    assert page.url == change_url(live_server, draft)
    draft.refresh_from_db()
    assert draft.dek == "Saved from a picker"


_contexts = []


@pytest.fixture(autouse=True)
def _close_the_editors_contexts():
    """Two editors' windows stop reporting presence before the next test uses the live server."""
    yield
    while _contexts:
        context = _contexts.pop()
        settle(context)
        context.close()


def two_editors(browser, live_server, draft):
    make_editor("editor", "Alice")
    make_editor("bob", "Bob")
    pages = []
    for username in ("editor", "bob"):
        context = browser.new_context(**DESKTOP)
        _contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server, username, PASSWORD)
        page.goto(change_url(live_server, draft))
        pages.append(page)
    return pages


def test_two_editors_change_the_dek_and_the_outro_and_both_are_saved(browser, live_server, draft):
    alice, bob = two_editors(browser, live_server, draft)
    alice.fill("#id_dek", "Alice's dek")
    bob.fill("#id_outro", "Bob's outro")
    with alice.expect_navigation():
        alice.click("input[name=_continue]")
    with bob.expect_navigation():
        bob.click("input[name=_continue]")

    assert "merged with what Alice saved" in bob.locator(".messagelist").inner_text()
    draft.refresh_from_db()
    assert (draft.dek, draft.outro) == ("Alice's dek", "Bob's outro")


def test_both_change_the_dek_and_the_second_keeps_theirs_without_retyping(browser, live_server, draft):
    alice, bob = two_editors(browser, live_server, draft)
    alice.fill("#id_dek", "Alice's dek")
    bob.fill("#id_dek", "Bob's carefully written dek")
    bob.fill("#id_outro", "Bob's outro")
    with alice.expect_navigation():
        alice.click("input[name=_continue]")
    with bob.expect_navigation():
        bob.click("input[name=_continue]")

    clash = bob.locator(".edit-clash")
    assert "Alice's dek" in clash.inner_text()
    assert "Bob's carefully written dek" in clash.inner_text()
    assert bob.input_value("#id_dek") == "Bob's carefully written dek"
    with bob.expect_navigation():
        bob.click("input[name=_continue]")

    draft.refresh_from_db()
    assert (draft.dek, draft.outro) == ("Bob's carefully written dek", "Bob's outro")


def test_the_second_editor_can_take_the_first_editors_version(browser, live_server, draft):
    alice, bob = two_editors(browser, live_server, draft)
    alice.fill("#id_dek", "Alice's dek")
    bob.fill("#id_dek", "Bob's dek")
    with alice.expect_navigation():
        alice.click("input[name=_continue]")
    with bob.expect_navigation():
        bob.click("input[name=_continue]")

    bob.get_by_role("button", name="Use theirs").click()
    assert bob.input_value("#id_dek") == "Alice's dek"


def test_the_change_page_shows_who_else_has_it_open_with_unsaved_changes(browser, live_server, draft):
    alice, bob = two_editors(browser, live_server, draft)
    alice.fill("#id_dek", "Still typing")
    alice.wait_for_timeout(3500)  # the next quick report after a change
    bob.reload()
    bob.wait_for_function("document.querySelector('.presence-text').textContent.includes('Alice')")

    assert "Alice (unsaved changes)" in bob.locator(".presence-text").inner_text()


def test_an_editor_sees_a_colleague_arrive_without_reloading(browser, live_server, draft):
    alice, bob = two_editors(browser, live_server, draft)  # Bob opened the page after Alice

    # One report period (presence.EVERY, 10 s) and a little: no reload on Alice's side.
    expect(alice.locator(".presence-text")).to_contain_text("Bob", timeout=13_000)


def test_all_entries_fold_and_entry_12_moves_to_the_top_by_keyboard(signed_in, live_server, long_draft):
    page = signed_in
    twelfth = long_draft.entries.order_by("position").last()
    page.goto(change_url(live_server, long_draft))
    entries = page.locator("#entries-group .inline-related.has_original")
    assert entries.nth(0).locator("textarea[name$=body]").is_hidden()  # folded by default past a few

    page.get_by_role("button", name="Hide all entries").click()
    assert page.locator("#entries-group").bounding_box()["height"] < 1200
    page.locator(".entry-up").last.focus()
    for _ in range(11):
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.keyboard.press("Control+s")

    assert long_draft.entries.order_by("position").first() == twelfth


def test_choosing_a_drama_narrows_the_character_pickers(signed_in, live_server, draft):
    page = signed_in
    goblin = factories.DramaFactory(title="Goblin")
    factories.RoleFactory(drama=goblin, character="Kim Shin")
    factories.RoleFactory(character="Somebody from elsewhere")
    entry = draft.entries.order_by("position").first()
    page.goto(f"{live_server.url}/admin/articles/entry/{entry.pk}/change/")

    page.locator(".field-drama .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Goblin")
    page.locator(".select2-results__option", has_text="Goblin").click()
    page.locator(".field-featuring .select2-selection").click()
    page.wait_for_selector(".select2-results__option:not(.loading-results)")
    offered = page.locator(".select2-results__option").all_inner_texts()

    assert [text.split(" (")[0] for text in offered] == ["Kim Shin"]


def new_serious_violations(page):
    """The serious and critical axe-core violations on an admin page, none exempted: the admin's
    breadcrumbs and its pickers pass too (test_admin_accessibility.py)."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    return [
        (violation["id"], [" ".join(map(str, node["target"])) for node in violation["nodes"]])
        for violation in response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_admin_pages_these_tools_touch_have_no_new_serious_axe_violations(browser, live_server, draft):
    alice, bob = two_editors(browser, live_server, draft)
    alice.fill("#id_dek", "Alice's dek")
    bob.fill("#id_dek", "Bob's dek")
    with alice.expect_navigation():
        alice.click("input[name=_continue]")
    with bob.expect_navigation():
        bob.click("input[name=_continue]")
    assert bob.locator(".edit-clash").is_visible()
    assert new_serious_violations(bob) == []

    base = f"{live_server.url}/admin/"
    for path in (
        f"articles/listicle/{draft.pk}/change/",
        f"articles/listicle/{draft.pk}/revisions/",
        "articles/listicle/?q=Drama",
        "dramas/scene/",
        f"articles/entry/{draft.entries.first().pk}/change/",
    ):
        alice.goto(base + path)
        assert new_serious_violations(alice) == [], path


def test_leaving_after_an_unsaved_reorder_asks_first(signed_in, live_server, draft):
    page = signed_in
    page.goto(change_url(live_server, draft))
    page.locator(".entry-down").first.click()
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("#nav-sidebar a", has_text="Authors").first.click()
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]


def test_a_new_clip_is_made_from_the_entrys_scene_picker_in_a_popup(signed_in, live_server, draft):
    page = signed_in
    page.goto(change_url(live_server, draft))
    drama = draft.entries.order_by("position").first().drama
    with page.context.expect_page() as opened:
        page.click("#add_id_entries-0-scenes")
    popup = opened.value
    popup.wait_for_load_state()
    popup.locator(".field-drama .select2-selection").click()
    popup.locator(".select2-container--open .select2-search__field").fill(drama.title)
    popup.locator(".select2-results__option", has_text=drama.title).first.click()
    popup.fill("#id_title", "The confession in the rain")
    popup.fill("#id_video_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")

    chosen = page.locator(".field-scenes .select2-selection__choice", has_text="The confession in the rain")
    expect(chosen).to_have_count(1)
    with page.expect_navigation():
        page.click("input[name=_continue]")
    titles = [link.scene.title for link in draft.entries.order_by("position").first().scene_links.all()]
    assert "The confession in the rain" in titles

"""The listicle page's autosave to the server, in a real browser: what an editor typed, picked and
chose survives a closed browser and comes back on another one; a refused save gives back its file.

Set E2E_SCREENSHOTS to a folder to keep screenshots of the restore banner."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect

from articles.models import Listicle
from newsroom.models import Autosave, AutosaveFile
from tests import factories
from tests.e2e.admin_session import sign_in

from .conftest import DESKTOP, PHONE, settle
from .test_comments import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    user = factories.UserFactory(username="editor", first_name="Alice", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def article():
    listicle = factories.ListicleFactory(title="Three confessions")
    factories.full_entry(listicle, position=0)
    return listicle


@pytest.fixture
def knowledge():
    """Dramas with their characters, and a tag, to pick on the page."""
    goblin = factories.DramaFactory(title="Goblin")
    kim_shin = factories.RoleFactory(drama=goblin, character="Kim Shin")
    eun_tak = factories.RoleFactory(drama=goblin, character="Ji Eun Tak")
    coffee = factories.DramaFactory(title="Coffee Prince")
    factories.DramaFactory(title="Crash Landing on You")
    factories.ListicleFactory(title="Tagged", slug="tagged").tags.add("romance")
    return {"goblin": goblin, "coffee": coffee, "roles": [kim_shin, eun_tak]}


_contexts = []


@pytest.fixture(autouse=True)
def _close_contexts():
    yield
    while _contexts:
        context = _contexts.pop()
        settle(context)
        context.close()


def editor_page(browser, live_server, screen=DESKTOP):
    context = browser.new_context(**screen)
    _contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.set_default_navigation_timeout(30_000)
    sign_in(page, live_server, "editor", PASSWORD)
    return page


def change_url(live_server, listicle):
    return f"{live_server.url}/admin/articles/listicle/{listicle.pk}/change/"


def png_file(tmp_path, name="hero.png"):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), "teal").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def pick(page, field, search, choice):
    """Open a picker (select2), search, and choose the option with `choice` in its text."""
    field.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option:not(.loading-results)", has_text=choice).first.click()


def rows(page):
    return page.locator("#entries-group .inline-related:not(.empty-form)")


def wait_for_autosave(page):
    expect(page.locator("#autosave-status")).to_contain_text("kept on the server", timeout=15_000)


def chosen(page, selector):
    return page.eval_on_selector(
        selector, "select => Array.from(select.selectedOptions, (o) => o.textContent.trim())"
    )


def test_everything_typed_picked_and_chosen_comes_back_on_another_browser(
    browser, live_server, editor, article, knowledge, tmp_path
):
    page = editor_page(browser, live_server)
    page.goto(change_url(live_server, article))
    page.fill("#id_dek", "A dek typed on the first laptop")
    pick(page, page.locator(".field-tags"), "roma", "romance")
    page.set_input_files("#id_hero_image", str(png_file(tmp_path)))
    page.fill("#id_hero_alt", "Two people under an umbrella")
    page.fill("#id_entries-0-heading", "First entry, reworded")
    for index, (drama, heading) in enumerate(
        [("Goblin", "The goblin's bride"), ("Coffee Prince", "Man or alien")], start=1
    ):
        page.get_by_role("button", name="Add another Entry").or_(
            page.get_by_role("link", name="Add another Entry")
        ).first.click()
        row = page.locator(f"#entries-{index}")
        pick(page, row.locator(".field-drama"), drama, drama)
        page.fill(f"#id_entries-{index}-heading", heading)
        page.fill(f"#id_entries-{index}-body", f"Why entry {index + 1} matters.")
    pick(page, page.locator("#entries-1 .field-featuring"), "Kim", "Kim Shin")
    pick(page, page.locator("#entries-1 .field-featuring"), "Ji Eun", "Ji Eun Tak")
    wait_for_autosave(page)
    page.wait_for_timeout(3_500)  # the last change's own autosave, 3 s after it
    wait_for_autosave(page)
    page.context.close()  # the browser is closed: nothing was saved

    assert AutosaveFile.objects.filter(autosave__user=editor, name="hero_image").exists()
    again = editor_page(browser, live_server)
    again.goto(change_url(live_server, article))
    restore = again.get_by_role("button", name="Restore my unsaved changes")
    expect(restore).to_contain_text("saved on the server at")
    restore.click()

    expect(rows(again)).to_have_count(3)
    assert again.input_value("#id_dek") == "A dek typed on the first laptop"
    assert again.input_value("#id_entries-0-heading") == "First entry, reworded"
    assert again.input_value("#id_entries-1-heading") == "The goblin's bride"
    assert again.input_value("#id_entries-2-heading") == "Man or alien"
    assert again.input_value("#id_entries-2-body") == "Why entry 3 matters."
    assert chosen(again, "#id_tags") == ["romance"]
    assert chosen(again, "#id_entries-1-drama") == ["Goblin (2016)"]
    assert chosen(again, "#id_entries-2-drama") == ["Coffee Prince (2016)"]
    assert [text.split(" (")[0] for text in chosen(again, "#id_entries-1-featuring")] == [
        "Kim Shin",
        "Ji Eun Tak",
    ]
    expect(again.locator("#entries-1 .field-featuring .select2-selection__choice")).to_have_count(2)
    again.wait_for_function("() => document.getElementById('id_hero_image').files.length === 1")
    assert again.eval_on_selector("#id_hero_image", "input => input.files[0].name") == "hero.png"

    with again.expect_navigation():
        again.click("input[name=_continue]")
    expect(again.locator(".messagelist .success")).to_have_count(1)
    article.refresh_from_db()
    assert article.dek == "A dek typed on the first laptop"
    assert article.hero_image.name.endswith(".png")
    assert [entry.display_heading for entry in article.entries.order_by("position")] == [
        "First entry, reworded",
        "The goblin's bride",
        "Man or alien",
    ]
    assert list(article.tags.names()) == ["romance"]
    assert not Autosave.objects.filter(user=editor).exists()  # the save cleared it


def test_a_refused_save_gives_back_the_chosen_file(browser, live_server, editor, article, tmp_path):
    page = editor_page(browser, live_server)
    page.goto(change_url(live_server, article))
    page.set_input_files("#id_hero_image", str(png_file(tmp_path, "umbrella.png")))
    page.fill("#id_hero_alt", "")  # the hero image needs its alt text: the save is refused
    with page.expect_navigation():
        page.click("input[name=_continue]")
    expect(page.locator(".errornote")).to_be_visible()

    page.wait_for_function("() => document.getElementById('id_hero_image').files.length === 1")
    assert page.eval_on_selector("#id_hero_image", "input => input.files[0].name") == "umbrella.png"
    page.fill("#id_hero_alt", "An umbrella in the rain")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    expect(page.locator(".errornote")).to_have_count(0)
    article.refresh_from_db()
    assert re.search(r"umbrella.*\.png$", article.hero_image.name)
    assert not Autosave.objects.filter(user=editor).exists()


@pytest.mark.parametrize(("screen", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_restore_banner_reads_well_on_a_desktop_and_a_phone(
    browser, live_server, editor, article, screen, name
):
    page = editor_page(browser, live_server, screen)
    page.goto(change_url(live_server, article))
    page.fill("#id_dek", "Typed before the battery died")
    wait_for_autosave(page)
    page.context.close()

    again = editor_page(browser, live_server, screen)
    again.goto(change_url(live_server, article))
    banner = again.locator(".unsaved-draft")
    expect(banner).to_contain_text("kept on the server")
    banner.scroll_into_view_if_needed()
    screenshot(again, f"autosave-banner-{name}")
    box = banner.bounding_box()
    assert box["width"] <= screen["viewport"]["width"]
    assert Listicle.objects.get(pk=article.pk).dek != "Typed before the battery died"


def test_the_add_page_keeps_a_new_article_on_the_server_too(browser, live_server, editor, knowledge):
    page = editor_page(browser, live_server)
    page.goto(f"{live_server.url}/admin/articles/listicle/add/")
    page.fill("#id_title", "Ten rainy confessions")
    pick(page, page.locator("#entries-0 .field-drama"), "Goblin", "Goblin")
    page.fill("#id_entries-0-quote", "I will be your first snow.")
    wait_for_autosave(page)
    page.context.close()

    again = editor_page(browser, live_server)
    again.goto(f"{live_server.url}/admin/articles/listicle/add/")
    again.get_by_role("button", name="Restore my unsaved changes").click()

    assert again.input_value("#id_title") == "Ten rainy confessions"
    assert chosen(again, "#id_entries-0-drama") == ["Goblin (2016)"]
    assert again.input_value("#id_entries-0-quote") == "I will be your first snow."
    with again.expect_navigation():
        again.click("input[name=_continue]")
    assert Listicle.objects.filter(title="Ten rainy confessions").exists()
    assert not Autosave.objects.filter(user=editor).exists()


def test_offline_the_browsers_own_newer_copy_is_offered(browser, live_server, editor, article):
    page = editor_page(browser, live_server)
    page.goto(change_url(live_server, article))
    page.fill("#id_dek", "Typed while online")
    wait_for_autosave(page)
    page.locator("#autosave-status").scroll_into_view_if_needed()
    screenshot(page, "autosave-status-desktop")
    page.context.set_offline(True)
    page.fill("#id_dek", "Typed on the train, offline")
    expect(page.locator("#autosave-status")).to_contain_text("could not be reached", timeout=10_000)
    page.close(run_before_unload=False)
    page.context.set_offline(False)

    again = page.context.new_page()
    again.goto(change_url(live_server, article))
    banner = again.locator(".unsaved-draft")
    expect(banner).to_contain_text("This browser kept changes")
    again.get_by_role("button", name="Restore my unsaved changes").click()
    assert again.input_value("#id_dek") == "Typed on the train, offline"

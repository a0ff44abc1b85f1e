"""The media library in a real browser: an editor uploads an image into the library, sets its
focal point by clicking the picture, and picks that same image for the hero of two articles from
the picker's popup; both articles' pages show it, cropped around that point. The library's pages
pass axe."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Listicle, Status
from newsroom.workflow import transition
from pictures.models import Image
from pictures.renditions import crop_folder
from tests import factories
from tests.conftest import newsroom_group

from .admin_session import sign_in
from .conftest import DESKTOP, PHONE
from .test_editing_safely import new_serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def newsroom():
    editor = factories.UserFactory(username="editor", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(newsroom_group("Editors"))  # also after an earlier test's flush took it away
    articles = []
    for title in ("7 Garden Confessions", "5 Rooftop Confessions"):
        article = factories.ListicleFactory(title=title, status=Status.DRAFT)
        factories.full_entry(article)
        articles.append(article)
    return editor, articles


@pytest.fixture
def picture(tmp_path):
    """A 1200 × 600 photo whose subject (a white square) sits in the top left quarter."""
    from PIL import Image as Picture

    photo = Picture.new("RGB", (1200, 600), (40, 90, 60))
    photo.paste(Picture.new("RGB", (120, 120), "white"), (240, 120))
    path = tmp_path / "garden-confession.jpg"
    photo.save(path, "JPEG", quality=90)
    return path


def editor_page(browser, live_server, screen=DESKTOP):
    page = browser.new_context(**screen).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "editor", PASSWORD)
    return page


def upload_and_set_focal_point(page, live_server, picture):
    page.goto(live_server.url + "/admin/pictures/image/add/")
    page.set_input_files("#id_file", str(picture))
    page.fill("#id_alt", "Two leads confess in a garden")
    page.fill("#id_credit", "tvN")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    image = Image.objects.get(alt="Two leads confess in a garden")
    # A click on the subject, a quarter across and a third down the picture.
    target = page.locator("[data-focal-picture]")
    box = target.bounding_box()
    target.click(position={"x": box["width"] * 0.25, "y": box["height"] / 3})
    expect(page.locator("[data-focal-status]")).to_contain_text("Focal point set to 0.2")
    assert abs(float(page.input_value("#id_focal_x")) - 0.25) < 0.01
    assert abs(float(page.input_value("#id_focal_y")) - 1 / 3) < 0.01
    with page.expect_navigation():
        page.click("input[name=_continue]")
    return image


def choose_from_library(page, live_server, article, search):
    page.goto(live_server.url + f"/admin/articles/listicle/{article.pk}/change/")
    with page.expect_popup() as opened:
        page.click("#lookup_id_hero_image_library")
    popup = opened.value
    popup.wait_for_load_state()
    popup.fill("#searchbar", search)
    with popup.expect_navigation():
        popup.press("#searchbar", "Enter")
    with popup.expect_event("close"):
        popup.locator("#result_list a[data-popup-opener]").first.click()
    expect(page.locator("[data-picker-status]")).to_contain_text("Chosen from the library")
    hero = page.locator("[data-image-picker]", has=page.locator("#lookup_id_hero_image_library"))
    expect(hero.locator("[data-picker-link] img[data-picker-thumbnail]")).to_be_visible()
    thumbnail = hero.locator("img[data-picker-thumbnail]").element_handle()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumbnail)
    expect(page.locator("#id_hero_alt")).to_have_value("Two leads confess in a garden")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    expect(page.locator(".errornote")).to_have_count(0)


def test_an_image_with_a_focal_point_reused_in_two_articles(browser, live_server, newsroom, picture):
    editor, articles = newsroom
    page = editor_page(browser, live_server)

    image = upload_and_set_focal_point(page, live_server, picture)
    image.refresh_from_db()
    assert abs(image.focal_x - 0.25) < 0.01 and abs(image.focal_y - 1 / 3) < 0.01
    for article in articles:
        choose_from_library(page, live_server, article, "garden")
    page.context.close()

    for article in articles:
        article.refresh_from_db()
        assert article.hero_image.name == image.file.name  # the same file, never a copy
        transition(article, to=Status.PUBLISHED, by=None, skip_checks=True)
    assert Image.objects.count() == 1
    crop = re.compile(re.escape(f"/media/renditions/{image.file.name}/{crop_folder(image.focus)}/wide-"))
    reader = browser.new_context(**PHONE).new_page()
    for article in Listicle.objects.filter(pk__in=[a.pk for a in articles]):
        reader.goto(live_server.url + article.get_absolute_url())
        hero = reader.locator(".article__hero img")
        expect(hero).to_have_attribute("alt", "Two leads confess in a garden")
        assert crop.search(hero.get_attribute("srcset")), hero.get_attribute("srcset")
        assert hero.evaluate("(img) => img.complete && img.naturalWidth > 0")
    reader.context.close()


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_library_pages_and_the_picker_have_no_serious_axe_violations(
    browser, live_server, newsroom, picture, screen
):
    page = editor_page(browser, live_server, screen)
    image = upload_and_set_focal_point(page, live_server, picture)
    assert new_serious_violations(page) == []  # the focal point page
    page.goto(live_server.url + "/admin/pictures/image/?q=garden")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert new_serious_violations(page) == []
    page.goto(live_server.url + "/admin/pictures/image/?_popup=1&_to_field=id")
    assert new_serious_violations(page) == []
    page.goto(live_server.url + f"/admin/articles/listicle/{newsroom[1][0].pk}/change/")
    expect(page.locator("#lookup_id_hero_image_library")).to_be_visible()
    assert new_serious_violations(page) == []
    assert image.file.name.startswith("library/")
    page.context.close()

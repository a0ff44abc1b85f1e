"""Accessibility of the reader pages, in a real browser.

axe-core (shipped inside axe-playwright-python, so nothing is fetched at run time) checks every
reader page at desktop and phone width, in the light and the dark colour scheme, and the article
again once a clip is playing: no rule of impact "serious" or "critical" may fail. The tests after
it check what a single axe pass cannot see: colours on hover, the search field's placeholder and
edge, an error message tied to its field, and the skip link and the play button from the keyboard.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
SERIOUS = {"serious", "critical"}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES = ("light", "dark")

# The players a clip may load. The tests answer for them with an empty page, so pressing play
# sends no request off this machine.
PLAYERS = re.compile(r"^https://(www\.youtube-nocookie\.com|player\.vimeo\.com|www\.viki\.com)/")
PLAYER_STUB = '<!doctype html><html lang="en"><title>Player</title><body></body></html>'

AXE = Axe()


def serious_violations(page, context=None, rules=None):
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = rules
    response = AXE.run(page, context=context, options=options).response
    return [violation for violation in response["violations"] if violation["impact"] in SERIOUS]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            checks = node["any"] + node["all"] + node["none"]
            message = checks[0]["message"] if checks else ""
            lines.append(f"    {target}: {message}\n      {node['html'][:200]}")
    return "\n".join(lines)


def new_reader(browser, screen, scheme):
    context = browser.new_context(color_scheme=scheme, **SCREENS[screen])
    context.route(PLAYERS, lambda route: route.fulfill(content_type="text/html", body=PLAYER_STUB))
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def site(live_server):
    """The demo's reader pages: name -> (absolute URL, the status the page answers with)."""
    load_demo()
    from articles.models import Listicle

    article = Listicle.objects.get(slug=SLUG).get_absolute_url()
    search = reverse("articles:search")
    pages = {
        "article": (article, 200),
        "home": (reverse("articles:home"), 200),
        "drama": (reverse("dramas:drama", args=["goblin"]), 200),
        "actor": (reverse("dramas:actor", args=["gong-yoo"]), 200),
        "author": (reverse("articles:author", args=["binahearts"]), 200),
        "tag": (reverse("articles:tag", args=["romance"]), 200),
        "search results": (f"{search}?q=goblin", 200),
        "search without results": (f"{search}?q=zzzz", 200),
        "search error": (f"{search}?q={'a' * 101}", 400),
        "404": ("/article/999/no-such-article/", 404),
    }
    return {name: (live_server.url + path, status) for name, (path, status) in pages.items()}


@pytest.fixture(params=[(screen, scheme) for screen in SCREENS for scheme in SCHEMES], ids="-".join)
def reader(request, browser):
    page = new_reader(browser, *request.param)
    yield page
    page.context.close()


@pytest.fixture(params=SCHEMES)
def desktop_reader(request, browser):
    page = new_reader(browser, "desktop", request.param)
    yield page
    page.context.close()


def test_reader_pages_have_no_serious_axe_violations(reader, site):
    problems = []
    for name, (url, status) in site.items():
        response = reader.goto(url)
        assert response.status == status, f"{name}: {url} answered {response.status}"
        found = serious_violations(reader)
        if found:
            problems.append(f"{name} ({url}):\n{describe(found)}")
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)


def test_article_has_no_serious_axe_violations_once_a_clip_plays(reader, site):
    reader.goto(site["article"][0])
    reader.locator("[data-video-play]").first.click()
    expect(reader.locator("#entry-1 iframe")).to_be_attached()
    found = serious_violations(reader)
    assert not found, "axe-core found serious or critical violations:\n" + describe(found)


def test_reaction_box_and_poll_have_no_serious_axe_violations_once_the_reader_chose(reader, site):
    reader.goto(site["article"][0])
    reader.locator(".reaction", has_text="Swoon").click()
    expect(reader.locator(".reaction", has_text="Swoon")).to_have_attribute("aria-pressed", "true")
    reader.locator("#entry-4 .pick__button").click()
    expect(reader.locator("#entry-4 .pick__button")).to_have_attribute("aria-pressed", "true")
    expect(reader.locator(".poll-result__badge--mine")).to_have_count(1)
    found = serious_violations(reader)
    assert not found, "axe-core found serious or critical violations:\n" + describe(found)


def test_reaction_buttons_are_reached_and_pressed_from_the_keyboard(page, site):
    page.goto(site["article"][0])
    love = page.locator(".reaction", has_text="Love")
    love.focus()
    assert love.evaluate("button => getComputedStyle(button).outlineStyle") != "none", "focus is visible"
    page.keyboard.press("Tab")
    swoon = page.locator(".reaction", has_text="Swoon")
    expect(swoon).to_be_focused()
    page.keyboard.press("Enter")
    expect(swoon).to_have_attribute("aria-pressed", "true")
    expect(swoon).to_be_focused()
    page.keyboard.press("Space")
    expect(swoon).to_have_attribute("aria-pressed", "false")
    expect(page.locator("[data-reactions-total]")).to_have_attribute("aria-live", "polite")


# What a reader may point at, page by page: each keeps its contrast while hovered.
HOVERED = {
    "article": (
        ".site-logo",
        ".site-search__button",
        ".kicker a",
        ".byline__author a",
        ".entry__title",
        ".credit__actor",
        ".watch__button",
        "a.tag",
        ".author-box__name a",
        ".reaction",
        ".pick__button",
        ".poll-result__entry",
        ".site-footer__links a",
    ),
    "home": (".card__title a",),
    "drama": (".credit__actor", ".watch__button", ".featured__title"),
    "actor": (".roles__item a", ".featured__title"),
}


def test_links_and_buttons_keep_their_contrast_when_hovered(desktop_reader, site):
    problems = []
    for name, selectors in HOVERED.items():
        desktop_reader.goto(site[name][0])
        for selector in selectors:
            desktop_reader.locator(selector).first.hover()
            found = serious_violations(desktop_reader, {"include": [[selector]]}, rules=["color-contrast"])
            if found:
                problems.append(f"{name}, {selector} hovered:\n{describe(found)}")
    assert not problems, "\n".join(problems)


def contrast(first, second):
    def luminance(css_colour):
        channels = [int(value) / 255 for value in re.findall(r"[\d.]+", css_colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_search_fields_placeholder_and_edge_can_be_seen(desktop_reader, site):
    # axe-core reads neither a placeholder's colour nor a field's border (WCAG 1.4.3 and 1.4.11).
    desktop_reader.goto(site["search results"][0])
    for field in ("#site-search-q", "#id_q"):
        colours = desktop_reader.locator(field).evaluate(
            """field => ({
                placeholder: getComputedStyle(field, "::placeholder").color,
                fill: getComputedStyle(field).backgroundColor,
                border: getComputedStyle(field).borderTopColor,
                around: getComputedStyle(field.closest("header")).backgroundColor,
            })"""
        )
        assert contrast(colours["placeholder"], colours["fill"]) >= 4.5, (field, colours)
        assert contrast(colours["border"], colours["around"]) >= 3, (field, colours)


def test_a_search_error_is_read_out_with_its_field(page, site):
    page.goto(site["search error"][0])
    field = page.locator("#id_q")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(page.locator(".form-errors").inner_text())


@pytest.mark.parametrize("screen", ["page", "phone"])
@pytest.mark.parametrize("name", ["article", "home", "drama", "404"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(request, site, name, screen):
    page = request.getfixturevalue(screen)
    page.goto(site[name][0])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    in_main = page.evaluate("document.activeElement.closest('main') !== null")
    assert in_main, "the next Tab goes on from the main content"


def test_play_button_is_reached_and_started_from_the_keyboard(page, site):
    page.route(PLAYERS, lambda route: route.fulfill(content_type="text/html", body=PLAYER_STUB))
    page.goto(site["article"][0])
    button = page.locator("#entry-1 [data-video-play]").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("60 presses of Tab never reached the first play button")
    expect(button).to_be_in_viewport()
    assert button.evaluate("button => getComputedStyle(button).outlineStyle") != "none", "focus is visible"
    page.keyboard.press("Enter")
    player = page.locator("#entry-1 iframe")
    expect(player).to_be_focused()
    expect(player).to_have_attribute("title", re.compile(r"\(YouTube video\)$"))

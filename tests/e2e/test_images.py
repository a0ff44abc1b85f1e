"""Images on the demo article, in a real browser: light at phone width, no layout shift, and an
entry GIF that plays as animated WebP except for readers who ask for reduced motion."""

import re
from urllib.parse import unquote, urlsplit

import pytest
from django.core.files.storage import default_storage

from .conftest import PHONE, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
# A phone of today: 390 CSS pixels across, three device pixels to each.
RETINA_PHONE = {**PHONE, "device_scale_factor": 3}
# A rendition, or a crop of one around its focal point: renditions/<source>/[crops/<x>-<y>/]<file>.
RENDITION = re.compile(r"^/media/renditions/(?P<source>.+?)/(?:crops/\d{4}-\d{4}/)?[^/]+$")
GIF = "figure.moment:has([data-animation])"


@pytest.fixture
def article_url(live_server):
    load_demo()
    from articles.models import Listicle

    return live_server.url + Listicle.objects.get(slug=SLUG).get_absolute_url()


def original_of(path):
    """The stored upload a served image comes from: a rendition's source, or the file itself."""
    path = unquote(path)
    match = RENDITION.match(path)
    return match["source"] if match else path.removeprefix("/media/")


def test_phone_downloads_at_most_half_the_bytes_of_the_original_images(browser, article_url):
    context = browser.new_context(**RETINA_PHONE)
    page = context.new_page()
    served = {}
    page.on(
        "response",
        lambda response: (
            served.__setitem__(urlsplit(response.url).path, len(response.body()))
            if urlsplit(response.url).path.startswith("/media/") and response.ok
            else None
        ),
    )
    page.goto(article_url)
    page.wait_for_load_state("networkidle")
    context.close()

    originals = {original_of(path) for path in served}
    original_bytes = sum(default_storage.size(name) for name in originals)
    served_bytes = sum(served.values())
    print(
        f"\nphone first load: {served_bytes} image bytes served, originals {original_bytes}: {sorted(served)}"
    )
    assert "listicles/12-most-memorable-k-drama-confession-scenes.jpg" in originals  # the hero
    assert not any(path.endswith(".gif") for path in served)  # below the fold: not loaded yet
    assert served_bytes * 2 <= original_bytes


def test_every_image_has_its_size_and_nothing_shifts_while_the_page_loads(browser, article_url):
    context = browser.new_context(**PHONE)
    context.add_init_script(
        """
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) window.__shift += entry.value;
          }
        }).observe({type: "layout-shift", buffered: true});
        """
    )
    page = context.new_page()
    page.goto(article_url)
    page.wait_for_load_state("networkidle")
    for _ in range(40):  # scroll to the end, so that every lazy image loads
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")

    unsized = page.eval_on_selector_all(
        "img",
        "images => images.filter(i => !i.getAttribute('width') || !i.getAttribute('height')).map(i => i.src)",
    )
    lazy = page.eval_on_selector_all("img[loading=lazy]", "images => images.length")
    shift = page.evaluate("window.__shift")
    context.close()

    assert unsized == []
    assert lazy >= 5
    assert shift < 0.01, f"cumulative layout shift {shift}"


def test_entry_gif_plays_as_animated_webp(browser, article_url):
    context = browser.new_context(**PHONE, reduced_motion="no-preference")
    page = context.new_page()
    page.goto(article_url)
    figure = page.locator(GIF)
    figure.scroll_into_view_if_needed()
    image = figure.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())

    source = image.evaluate("img => img.currentSrc")
    body = page.request.get(source).body()
    frames = frames_of(page, image, 6)
    pause = figure.get_by_role("button", name="Pause the animation")
    assert pause.get_attribute("aria-pressed") == "true"
    pause.click()  # any reader may stop it
    page.wait_for_function("img => img.currentSrc.endsWith('-still.jpg')", arg=image.element_handle())
    paused = set(frames_of(page, image, 4))
    context.close()

    assert source.endswith(".webp")
    assert body[:4] == b"RIFF" and body[8:12] == b"WEBP" and b"ANIM" in body[:64]  # an animation
    assert len(set(frames)) > 1, "the picture does not move"
    assert len(paused) == 1, "the paused picture still moves"


def frames_of(page, image, count):
    """What the <img> shows on screen, `count` times 90 ms apart."""
    shots = []
    for _ in range(count):
        shots.append(image.screenshot(animations="allow"))
        page.wait_for_timeout(90)
    return shots


def test_reduced_motion_shows_the_gif_paused_with_a_play_button(browser, article_url):
    context = browser.new_context(**PHONE, reduced_motion="reduce")
    page = context.new_page()
    page.goto(article_url)
    figure = page.locator(GIF)
    figure.scroll_into_view_if_needed()
    image = figure.locator("img")
    toggle = figure.get_by_role("button", name="Play the animation")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())

    still = image.evaluate("img => img.currentSrc")
    frames = set(frames_of(page, image, 4))
    assert still.endswith("-still.jpg")
    assert len(frames) == 1
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"

    toggle.click()
    page.wait_for_function("img => img.currentSrc.endsWith('.webp')", arg=image.element_handle())
    pause = figure.get_by_role("button", name="Pause the animation")
    assert pause.get_attribute("aria-pressed") == "true"

    pause.click()
    page.wait_for_function("img => img.currentSrc.endsWith('-still.jpg')", arg=image.element_handle())
    context.close()


def test_without_javascript_reduced_motion_still_shows_the_still(browser, article_url):
    context = browser.new_context(**PHONE, reduced_motion="reduce", java_script_enabled=False)
    page = context.new_page()
    page.goto(article_url)
    figure = page.locator(GIF)
    figure.scroll_into_view_if_needed()
    image = figure.locator("img")
    image.wait_for()
    page.wait_for_timeout(300)

    assert image.evaluate("img => img.currentSrc").endswith("-still.jpg")
    assert figure.locator("[data-animation-toggle]").is_hidden()
    context.close()

"""The newsroom's dashboard as an editor reads it, on a desk and on a phone: the waiting-comments
count can be read in both themes, and headlines wrap between words, never inside one."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import CommentStatus
from tests import factories

from .admin_session import sign_in
from .conftest import DESKTOP
from .test_accessibility import contrast, describe, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
# The colour an element's text is drawn in, and the first opaque background behind it.
COLOURS = """(element) => {
    let behind = element;
    let background = getComputedStyle(behind).backgroundColor;
    while (behind && (background === "transparent" || background.endsWith(", 0)"))) {
        behind = behind.parentElement;
        background = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
    }
    return [getComputedStyle(element).color, background];
}"""
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

# For each headline link: the words whose letters the browser laid out on more than one line (a
# line may end after a hyphen, as in "K-" / "Drama", so the parts between hyphens count as words).
BROKEN_WORDS = """(links) => links.flatMap((link) => {
    const text = link.firstChild;
    const broken = [];
    for (const word of text.textContent.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (tops.size > 1) broken.push(word[0]);
    }
    return broken;
})"""


@pytest.fixture
def newsroom():
    editor = factories.UserFactory(username="editor", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    for title in (
        "12 Most Memorable K-Drama Confession Scenes",
        "5 K-Drama Couples Who Were Clearly Meant to Be",
        "4 Rom-Com Confessions That Made Us Laugh Before We Cried",
    ):
        article = factories.PublishedListicleFactory(title=title)
    factories.CommentFactory(listicle=article, status=CommentStatus.PENDING)
    return editor


def open_dashboard(browser, live_server, **context):
    page = browser.new_context(**context).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "editor", PASSWORD)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_waiting_comments_count_can_be_read_in_both_themes(browser, live_server, newsroom, scheme):
    page = open_dashboard(browser, live_server, color_scheme=scheme, **DESKTOP)
    count = page.locator("#newsroom-comments a.section")
    expect(count).to_have_text("1 comment waiting for moderation")

    text, background = count.evaluate(COLOURS)
    assert contrast(text, background) >= 4.5, f"{text} on {background}"
    found = serious_violations(page, context="#content-main")

    assert not found, f"axe-core, dashboard ({scheme}):\n" + describe(found)
    page.context.close()


def test_headlines_wrap_between_words_at_phone_width(browser, live_server, newsroom):
    page = open_dashboard(browser, live_server, **PHONE)
    links = page.locator("#newsroom-recently-published tbody a")
    expect(links).to_have_count(3)

    assert links.evaluate_all(BROKEN_WORDS) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard is {width}px wide on a 390px screen"
    page.context.close()

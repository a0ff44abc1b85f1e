"""The Content-Security-Policy in a real browser: nothing on the demo article or in the admin is
blocked, the video players may load, and the admin's autocomplete and dragging still work."""

import pytest

from newsroom.management.commands.loaddemo import ACCOUNTS
from tests.e2e.admin_session import drag, sign_in

from .conftest import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
EDITOR = next(account for account in ACCOUNTS if account.username == "editor")

# Every violation the page's policy reports, collected before any of the page's own code runs.
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
  });
});
"""
# A frame no policy of the site allows: once its violation has arrived, every earlier one has too.
CANARY = "https://csp-canary.invalid/"
ADD_CANARY = f"""() => {{
  const frame = document.createElement("iframe");
  frame.src = "{CANARY}";
  document.body.append(frame);
}}"""


@pytest.fixture
def demo(live_server):
    load_demo()
    from articles.models import Listicle

    return Listicle.objects.get(slug=SLUG)


class Watch:
    """A page reporting its CSP violations and console complaints; no request leaves the machine."""

    def __init__(self, page, live_server):
        self.page = page
        self.console = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", self.listen)
        page.context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())

    def listen(self, message):
        if "Content Security Policy" in message.text and CANARY not in message.text:
            self.console.append(message.text)

    def violations(self):
        """What was reported so far, once the canary's own violation proves the listener hears."""
        self.page.evaluate(ADD_CANARY)
        self.page.wait_for_function(
            "canary => window.cspViolations.some((violation) => violation.blocked.startsWith(canary))",
            arg=CANARY.rstrip("/"),
        )
        found = self.page.evaluate("window.cspViolations")
        canary = [v for v in found if v["blocked"].startswith(CANARY.rstrip("/"))]
        assert [v["directive"] for v in canary] == ["frame-src"]
        return [v for v in found if v not in canary]


@pytest.fixture
def watch(page, live_server):
    return Watch(page, live_server)


def test_the_article_page_breaks_no_rule_of_its_policy(watch, live_server, demo):
    page = watch.page
    response = page.goto(live_server.url + demo.get_absolute_url())
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")

    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.locator("[data-video-play]").first.is_visible(), "video.js ran"
    assert watch.violations() == []
    assert watch.console == []


def test_pressing_play_inserts_a_player_the_policy_allows(watch, live_server, demo):
    page = watch.page
    page.goto(live_server.url + demo.get_absolute_url())

    play = page.locator("#entry-1 [data-video-play]")
    play.scroll_into_view_if_needed()
    play.click()
    iframe = page.locator("#entry-1 iframe")
    iframe.wait_for(state="attached")

    assert iframe.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert watch.violations() == []
    assert watch.console == []


def test_a_frame_from_anywhere_else_is_blocked(watch, live_server, demo):
    page = watch.page
    page.goto(live_server.url + demo.get_absolute_url())
    page.evaluate("""() => {
      const frame = document.createElement("iframe");
      frame.src = "https://www.youtube.com/embed/dQw4w9WgXcQ";
      document.body.append(frame);
    }""")

    assert [(v["directive"], v["blocked"]) for v in watch.violations()] == [
        ("frame-src", "https://www.youtube.com")
    ]


def test_the_admin_listicle_page_works_within_its_policy(watch, live_server, demo):
    page = watch.page
    sign_in(page, live_server, EDITOR.username, EDITOR.password)
    page.set_viewport_size({"width": 1280, "height": 3000})
    response = page.goto(f"{live_server.url}/admin/articles/listicle/{demo.pk}/change/")
    assert "script-src 'self';" in response.headers["content-security-policy"] + ";"

    # Past a few entries they start folded; the autocomplete asks the server and offers what it found.
    page.get_by_role("button", name="Show all entries").click()
    page.locator("#id_entries-0-drama + .select2 .select2-selection").click()
    page.locator(".select2-search__field").last.fill("Goblin")
    page.locator(".select2-results__option", has_text="Goblin").first.wait_for()
    page.keyboard.press("Escape")

    # The drag handles move an entry to the top.
    titles = page.locator("#entries-group .inline-related.has_original h3")
    third = titles.nth(2).inner_text()
    drag(page, titles.nth(2), titles.nth(0))
    assert titles.nth(0).inner_text() == third

    assert watch.violations() == []
    assert watch.console == []

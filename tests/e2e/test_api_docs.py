"""The read API's docs page (/api/v1/docs) in Chromium, under the site's Content-Security-Policy:
Swagger UI loads from this site's static files, draws every operation and answers a "Try it out"
with a real request, with nothing blocked and no request leaving the machine.

Set E2E_SCREENSHOTS to a folder to keep a screenshot of the page.
"""

import pytest

from tests import factories

from .test_comments import screenshot
from .test_security_headers import Watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def watch(page, live_server):
    return Watch(page, live_server)


def test_the_docs_page_draws_every_operation_within_the_policy(watch, live_server, settings):
    settings.API_RATE_PER_IP = 0
    factories.PublishedListicleFactory(slug="first-confession", title="The first confession")
    page = watch.page
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"].startswith("public")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = {path.strip().replace("\u200b", "") for path in operations.all_inner_texts()}
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/search", "/api/v1/tags"} <= paths
    assert len(paths) == 10
    screenshot(page, "api-docs")

    # Try the article list: Swagger UI asks the API from the page, as a reader's script would.
    page.locator("#operations-articles-api_articles_list_articles .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert "first-confession" in body.inner_text()
    screenshot(page, "api-docs-tried")

    assert watch.violations() == []
    assert watch.console == []

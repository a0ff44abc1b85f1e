"""What is rendered for a signed-in reader is `Cache-Control: private`; anonymous readers' shared pages
keep their public caching."""

import pytest
from django.utils.cache import get_max_age

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(title="Confessions", slug="confessions")
    factories.full_entry(listicle, position=0)
    return listicle


@pytest.fixture
def mina(db):
    return factories.reader_account("Mina", username="mina")


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/",
        "/search/?q=drama",
        "{comments}",
    ],
)
def test_pages_rendered_for_a_signed_in_reader_are_private(client, mina, article, path):
    client.force_login(mina)
    response = client.get(path.format(comments=f"{article.get_absolute_url()}comments/"))
    assert response.status_code == 200
    marks = cache_control(response)
    assert "private" in marks
    assert "public" not in marks


def test_the_anonymous_home_page_stays_public_and_comes_from_the_page_cache(client, article):
    first = client.get("/")
    second = client.get("/")
    assert "public" in cache_control(second) and "private" not in cache_control(second)
    assert get_max_age(second) > 0
    assert first["X-Page-Cache"] in {"miss", "hit"} and second["X-Page-Cache"] == "hit"


def test_what_a_view_marks_itself_is_left_alone(client, mina, article):
    client.force_login(mina)
    assert cache_control(client.get(f"{article.get_absolute_url()}reactions/")) == {"private", "no-store"}
    assert "public" in cache_control(client.get("/robots.txt"))

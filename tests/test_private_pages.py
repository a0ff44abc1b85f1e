"""What is rendered for one reader is `Cache-Control: private`; public pages (articles.public) are the
same bytes for a signed-in reader as for anyone, with public caching and a strong ETag."""

import pytest
from django.test import Client
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
    ["/accounts/profile/", "/accounts/email/", "/accounts/password/change/"],
)
def test_pages_rendered_for_a_signed_in_reader_are_private(client, mina, path):
    client.force_login(mina)
    response = client.get(path)
    assert response.status_code == 200
    marks = cache_control(response)
    assert "private" in marks
    assert "public" not in marks


@pytest.mark.parametrize("path", ["/", "{article}", "{article}comments/", "/search/?q=confessions"])
def test_public_pages_are_the_same_public_bytes_for_a_signed_in_reader(client, mina, article, path):
    path = path.format(article=article.get_absolute_url())
    anonymous = Client().get(path)
    client.force_login(mina)
    signed_in = client.get(path)
    assert signed_in.status_code == anonymous.status_code == 200
    marks = cache_control(signed_in)
    assert "public" in marks and "private" not in marks
    assert get_max_age(signed_in) > 0
    assert signed_in.content == anonymous.content
    assert signed_in["ETag"] == anonymous["ETag"]
    assert b"Mina" not in signed_in.content
    assert not signed_in.cookies


def test_the_anonymous_home_page_stays_public_and_revalidates_by_its_etag(client, article):
    first = client.get("/")
    assert "public" in cache_control(first) and "private" not in cache_control(first)
    assert get_max_age(first) > 0
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""


def test_what_a_view_marks_itself_is_left_alone(client, mina, article):
    client.force_login(mina)
    assert cache_control(client.get(f"{article.get_absolute_url()}reactions/")) == {"private", "no-store"}
    assert "public" in cache_control(client.get("/robots.txt"))

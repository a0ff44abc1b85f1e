"""Dramas, actors and tags in the read API."""

import pytest

from dramas.models import Role, WatchLink
from tests import factories

from .conftest import get, jpeg, unseen

pytestmark = pytest.mark.django_db


@pytest.fixture
def goblin(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the poster's renditions are made
        drama = factories.DramaFactory(
            slug="goblin",
            title="Goblin",
            native_title="도깨비",
            year=2016,
            episodes=16,
            synopsis="An immortal goblin.",
            poster=jpeg("goblin.jpg", (300, 450)),
            poster_alt="The poster",
        )
    drama.tags.add("fantasy", "romance")
    gong_yoo = factories.ActorFactory(slug="gong-yoo", name="Gong Yoo", bio="Actor.", instagram="gongyoo")
    factories.RoleFactory(drama=drama, actor=gong_yoo, character="Kim Shin", position=0)
    factories.RoleFactory(
        drama=drama, actor__slug="kim-go-eun", character="Ji Eun Tak", billing=Role.Billing.LEAD, position=1
    )
    factories.RoleFactory(
        drama=factories.DramaFactory(slug="coffee-prince", year=2007), actor=gong_yoo, character="Han Gyul"
    )
    factories.WatchLinkFactory(
        drama=drama, provider=WatchLink.Provider.NETFLIX, url="https://www.netflix.com/title/1"
    )
    return drama


def test_drama_detail_has_its_cast_and_where_to_watch(client, goblin):
    data = get(client, "/dramas/goblin").json()
    assert (data["title"], data["native_title"], data["year"], data["episodes"]) == (
        "Goblin",
        "도깨비",
        2016,
        16,
    )
    assert data["url"] == "http://testserver/drama/goblin/"
    assert [tag["slug"] for tag in data["genres"]] == ["fantasy", "romance"]
    assert [(role["character"], role["actor"]["slug"], role["billing"]) for role in data["roles"]] == [
        ("Kim Shin", "gong-yoo", "lead"),
        ("Ji Eun Tak", "kim-go-eun", "lead"),
    ]
    assert data["watch"] == [{"provider": "Netflix", "url": "https://www.netflix.com/title/1"}]
    assert data["poster"]["alt"] == "The poster"
    assert data["poster"]["url"].startswith("http://testserver/media/renditions/dramas/posters/")


def test_actor_detail_lists_their_roles_newest_drama_first(client, goblin):
    data = get(client, "/actors/gong-yoo").json()
    assert (data["name"], data["bio"], data["instagram"]) == ("Gong Yoo", "Actor.", "gongyoo")
    assert [(role["drama"]["slug"], role["character"]) for role in data["roles"]] == [
        ("goblin", "Kim Shin"),
        ("coffee-prince", "Han Gyul"),
    ]
    assert data["photo"] is None


def test_lists_are_ordered_by_title_and_name(client, goblin):
    assert [item["slug"] for item in get(client, "/dramas").json()["items"]] == ["coffee-prince", "goblin"]
    names = [item["name"] for item in get(client, "/actors").json()["items"]]
    assert names == sorted(names)


@pytest.mark.parametrize("path", ["/dramas/no-such-drama", "/actors/nobody"])
def test_an_unknown_slug_answers_404_with_the_reason(client, path):
    response = get(client, path)
    assert response.status_code == 404
    assert response.json()["error"].startswith("There is no ")


@pytest.mark.parametrize("path", ["/dramas/two%20words", "/actors/%C3%A9t%C3%A9", "/dramas/" + "x" * 221])
def test_a_path_that_is_not_a_slug_answers_422(client, path):
    response = get(client, path)
    assert response.status_code == 422
    assert response.json()["error"].startswith("slug: ")


def test_tags_are_those_of_published_articles_with_their_counts(client):
    for number in range(3):
        factories.PublishedListicleFactory().tags.add("romance", *(["fantasy"] if number == 0 else []))
    for hidden in unseen():
        hidden.tags.add("romance", "secret")
    factories.DramaFactory().tags.add("thriller")  # a genre no article carries
    data = get(client, "/tags").json()
    assert data["items"] == [
        {"slug": "fantasy", "name": "fantasy", "articles": 1},
        {"slug": "romance", "name": "romance", "articles": 3},
    ]


def test_unknown_api_addresses_answer_a_json_404(client):
    for path in ("/api/v1/nothing", "/api/v1/articles/", "/api/v2/articles", "/api/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"error": "There is no such address in the API: see /api/v1/docs."}

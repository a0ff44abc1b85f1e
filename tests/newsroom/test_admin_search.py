"""Admin search finds articles by what is in their entries, once each, and says what it searches."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rooftops(db):
    listicle = factories.ListicleFactory(title="Rooftop scenes")
    drama = factories.DramaFactory(title="Goblin")
    lead = factories.RoleFactory(
        drama=drama, character="Kim Shin", actor=factories.ActorFactory(name="Gong Yoo")
    )
    partner = factories.RoleFactory(drama=drama, character="Ji Eun Tak")
    scene = factories.SceneFactory(drama=drama, title="The first snow")
    scene.roles.set([lead, partner])
    for position in range(2):  # the same drama twice: joins would list the article twice
        entry = factories.EntryFactory(listicle=listicle, drama=drama, position=position, quote_role=lead)
        entry.featuring.set([lead, partner])
        factories.EntrySceneFactory(entry=entry, scene=scene)
    factories.ListicleFactory(title="Something else")
    return listicle


@pytest.mark.parametrize("term", ["Goblin", "Gong Yoo", "Kim Shin", "Ji Eun", "first snow"])
def test_searching_listicles_finds_them_by_what_their_entries_hold_once(admin_client, rooftops, term):
    response = admin_client.get(reverse("admin:articles_listicle_changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [rooftops]


def test_listicle_search_says_what_it_searches_and_its_queries_do_not_grow_per_row(
    admin_client, rooftops, django_assert_max_num_queries
):
    for _ in range(5):
        factories.ListicleFactory(title="Goblin and more")
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:articles_listicle_changelist"), {"q": "Goblin"})
    assert len(response.context["cl"].result_list) == 6
    assert "scene titles" in response.content.decode()


@pytest.mark.parametrize("term", ["Goblin", "Gong Yoo", "Kim Shin"])
def test_searching_scenes_finds_them_by_drama_and_actors_once(admin_client, rooftops, term):
    response = admin_client.get(reverse("admin:dramas_scene_changelist"), {"q": term})
    assert [scene.title for scene in response.context["cl"].result_list] == ["The first snow"]
    assert "Searches scene titles, dramas, characters, actors" in response.content.decode()

"""Pickers that know the drama: autocomplete searches forwarding a drama offer only its rows."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def search(client, model_name, field_name, **extra):
    query = {"app_label": "articles", "model_name": model_name, "field_name": field_name, "term": "", **extra}
    return client.get(reverse("admin:autocomplete"), query)


def labels(response):
    return sorted(item["text"] for item in response.json()["results"])


@pytest.fixture
def two_dramas():
    goblin, other = factories.DramaFactory(title="Goblin"), factories.DramaFactory(title="Other")
    factories.RoleFactory(drama=goblin, character="Kim Shin")
    factories.RoleFactory(drama=other, character="Somebody else")
    factories.SceneFactory(drama=goblin, title="The rain")
    factories.SceneFactory(drama=other, title="The bus")
    return goblin, other


@pytest.mark.parametrize("field_name", ["quote_role", "featuring"])
def test_character_pickers_offer_only_the_chosen_dramas_characters(admin_client, two_dramas, field_name):
    goblin, _ = two_dramas
    everyone = search(admin_client, "entry", field_name)
    narrowed = search(admin_client, "entry", field_name, drama=goblin.pk)
    assert len(everyone.json()["results"]) == 2
    assert [text.split(" (")[0] for text in labels(narrowed)] == ["Kim Shin"]


def test_scene_picker_offers_only_the_chosen_dramas_scenes(admin_client, two_dramas):
    goblin, _ = two_dramas
    narrowed = search(admin_client, "entryscene", "scene", drama=goblin.pk)
    assert len(narrowed.json()["results"]) == 1
    assert "The rain" in labels(narrowed)[0]


def test_a_scenes_roles_picker_follows_the_scenes_drama(admin_client, two_dramas):
    goblin, _ = two_dramas
    query = {
        "app_label": "dramas",
        "model_name": "scene",
        "field_name": "roles",
        "term": "",
        "drama": goblin.pk,
    }
    response = admin_client.get(reverse("admin:autocomplete"), query)
    assert [text.split(" (")[0] for text in labels(response)] == ["Kim Shin"]


def test_a_forwarded_drama_that_is_not_a_number_narrows_nothing(admin_client, two_dramas):
    response = search(admin_client, "entry", "quote_role", drama="goblin'--")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_pages_with_drama_pickers_load_the_script_after_djangos_autocomplete(admin_client, two_dramas):
    listicle = factories.ListicleFactory()
    page = admin_client.get(reverse("admin:articles_listicle_change", args=[listicle.pk])).content.decode()
    assert page.index("admin/js/autocomplete.js") < page.index("dramas/admin/drama_pickers.js")
    scene = two_dramas[0].scenes.get()
    page = admin_client.get(reverse("admin:dramas_scene_change", args=[scene.pk])).content.decode()
    assert page.index("admin/js/autocomplete.js") < page.index("dramas/admin/drama_pickers.js")

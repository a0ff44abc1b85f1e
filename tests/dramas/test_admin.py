"""The knowledge-base admin as an editor uses it: dramas with their cast, actors, roles, scenes, links."""

import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dramas.models import Actor, Drama, Role, Scene, WatchLink
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = [Drama, Actor, Role, Scene, WatchLink]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def url(model, view, *args):
    return reverse(f"admin:dramas_{model._meta.model_name}_{view}", args=args)


def png(name="poster.png", size=(60, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def drama_data(**fields):
    return {
        "title": "Coffee Prince",
        "slug": "coffee-prince",
        "native_title": "커피프린스 1호점",
        "year": "2007",
        "network": "MBC",
        "episodes": "17",
        "synopsis": "",
        "poster_alt": "",
        **management("roles"),
        **management("watch_links"),
        **fields,
    }


def scene_data(drama, **fields):
    return {
        "drama": str(drama.pk),
        "title": "The confession",
        "episode": "11",
        "summary": "",
        "quote": "",
        "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "still_alt": "",
        **fields,
    }


def errors_of(response, form="adminform"):
    return response.context[form].form.errors


@pytest.fixture
def knowledge_base(db):
    drama = factories.DramaFactory(title="Coffee Prince", poster=png(), poster_alt="Poster")
    role = factories.RoleFactory(drama=drama, actor__photo=png("actor.png"), actor__photo_alt="Portrait")
    scene = factories.SceneFactory(drama=drama, still=png("still.png"), still_alt="Still")
    scene.roles.set([role])
    link = factories.WatchLinkFactory(drama=drama)
    return {Drama: drama, Actor: role.actor, Role: role, Scene: scene, WatchLink: link}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_page_renders_for_an_editor(editor_client, knowledge_base, model):
    pk = knowledge_base[model].pk

    for page in (url(model, "changelist"), url(model, "add"), url(model, "change", pk)):
        assert editor_client.get(page).status_code == 200, page


def test_every_knowledge_base_model_is_registered():
    from django.contrib import admin

    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_pages_send_anonymous_visitors_to_log_in(client, knowledge_base, model):
    response = client.get(url(model, "changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_drama_list_shows_poster_and_counts_of_characters_and_entries(editor_client, knowledge_base):
    drama = knowledge_base[Drama]
    factories.RoleFactory(drama=drama)
    factories.EntryFactory(drama=drama)
    factories.EntryFactory(drama=drama)

    response = editor_client.get(url(Drama, "changelist"))

    listed = response.context["cl"].result_list.get(pk=drama.pk)
    assert (listed.role_count, listed.entry_count) == (2, 2)
    assert b'class="thumbnail"' in response.content
    assert b'alt="Poster"' in response.content


def test_actor_list_links_the_instagram_profile(editor_client):
    factories.ActorFactory(name="Gong Yoo", instagram="gongyoo_official")

    content = editor_client.get(url(Actor, "changelist")).content.decode()

    assert '<a href="https://www.instagram.com/gongyoo_official/"' in content
    assert ">@gongyoo_official</a>" in content


def test_drama_search_finds_native_titles(editor_client):
    factories.DramaFactory(title="Coffee Prince", native_title="커피프린스 1호점")
    factories.DramaFactory(title="Goblin", native_title="도깨비")

    response = editor_client.get(url(Drama, "changelist"), {"q": "도깨비"})

    assert [drama.title for drama in response.context["cl"].result_list] == ["Goblin"]


@pytest.mark.parametrize(
    "model, make",
    [
        (Drama, lambda: factories.RoleFactory(drama=factories.EntryFactory().drama)),
        (Actor, lambda: factories.RoleFactory()),
        (Scene, lambda: factories.EntrySceneFactory()),
        (Role, lambda: factories.RoleFactory()),
        (WatchLink, lambda: factories.WatchLinkFactory()),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, model, make
):
    make()
    with django_assert_max_num_queries(14) as few:
        editor_client.get(url(model, "changelist"))
    for _ in range(15):
        make()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(url(model, "changelist"))

    assert response.context["cl"].result_count >= 16


def test_editor_adds_a_drama_with_its_cast_in_billing_order_and_a_watch_link(editor_client):
    gong_yoo, yoon_eun_hye = (
        factories.ActorFactory(name="Gong Yoo"),
        factories.ActorFactory(name="Yoon Eun Hye"),
    )
    data = drama_data(
        tags=["romance", "romantic comedy"],
        **management("roles", total=2),
        **{
            "roles-0-character": "Go Eun Chan",
            "roles-0-actor": str(yoon_eun_hye.pk),
            "roles-0-billing": "lead",
        },
        **{"roles-0-position": "2"},
        **{
            "roles-1-character": "Choi Han Gyul",
            "roles-1-actor": str(gong_yoo.pk),
            "roles-1-billing": "lead",
        },
        **{"roles-1-position": "1"},
        **management("watch_links", total=1),
        **{"watch_links-0-provider": "Viki", "watch_links-0-url": "www.viki.com/tv/1234c-coffee-prince"},
    )

    response = editor_client.post(url(Drama, "add"), data)

    assert response.status_code == 302, response.context and errors_of(response)
    drama = Drama.objects.get(slug="coffee-prince")
    assert [str(role) for role in drama.roles.all()] == [
        "Choi Han Gyul (Gong Yoo)",
        "Go Eun Chan (Yoon Eun Hye)",
    ]
    assert sorted(drama.tags.names()) == ["romance", "romantic comedy"]
    assert drama.watch_links.get().url == "https://www.viki.com/tv/1234c-coffee-prince"


def test_drama_with_the_same_character_twice_gets_a_form_error(editor_client):
    actor = factories.ActorFactory()
    row = {"character": "Kim Shin", "actor": str(actor.pk), "billing": "lead", "position": "0"}
    data = drama_data(
        **management("roles", total=2),
        **{f"roles-{index}-{name}": value for index in (0, 1) for name, value in row.items()},
    )

    response = editor_client.post(url(Drama, "add"), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data" in str(
        response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )
    assert not Drama.objects.exists()


def test_poster_without_alt_text_is_a_form_error(editor_client):
    response = editor_client.post(url(Drama, "add"), drama_data(poster=png()))

    assert response.status_code == 200
    assert errors_of(response)["poster_alt"] == ["Describe the image for readers who cannot see it."]
    assert not Drama.objects.exists()


def test_poster_that_is_not_an_image_is_a_form_error(editor_client):
    fake = SimpleUploadedFile("poster.png", b"GIF89a but not really", content_type="image/png")

    response = editor_client.post(url(Drama, "add"), drama_data(poster=fake, poster_alt="Poster"))

    assert response.status_code == 200
    assert "poster" in errors_of(response)
    assert not Drama.objects.exists()


def test_truncated_poster_is_a_form_error(editor_client):
    whole = png(size=(300, 400)).read()
    truncated = SimpleUploadedFile("poster.png", whole[: len(whole) // 3], content_type="image/png")

    response = editor_client.post(url(Drama, "add"), drama_data(poster=truncated, poster_alt="Poster"))

    assert response.status_code == 200
    assert "poster" in errors_of(response)
    assert not Drama.objects.exists()


def test_poster_with_alt_text_is_saved(editor_client):
    response = editor_client.post(
        url(Drama, "add"), drama_data(poster=png(), poster_alt="Gong Yoo in an apron")
    )

    assert response.status_code == 302
    assert Drama.objects.get().poster.name.startswith("dramas/posters/")


def test_drama_page_lists_its_scenes_and_offers_to_add_one(editor_client, knowledge_base):
    drama, scene = knowledge_base[Drama], knowledge_base[Scene]

    response = editor_client.get(url(Drama, "change", drama.pk))

    assert url(Scene, "change", scene.pk) in response.content.decode()
    assert f"{url(Scene, 'add')}?drama={drama.pk}" in response.content.decode()


def test_scene_add_page_starts_with_the_drama_it_was_opened_from(editor_client, knowledge_base):
    drama = knowledge_base[Drama]

    response = editor_client.get(url(Scene, "add"), {"drama": drama.pk})

    assert f'<option value="{drama.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    "video_url",
    [
        "https://www.dailymotion.com/video/x7tgad0",
        "javascript:alert(1)",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_scene_with_a_video_from_another_service_is_a_form_error(editor_client, video_url):
    drama = factories.DramaFactory()

    response = editor_client.post(url(Scene, "add"), scene_data(drama, video_url=video_url))

    assert response.status_code == 200
    assert any("YouTube, Viki or Vimeo" in message for message in errors_of(response)["video_url"])
    assert not Scene.objects.exists()


@pytest.mark.parametrize(
    "video_url",
    [
        "https://youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://www.viki.com/videos/1120307v-ep-11",
    ],
)
def test_scene_with_a_youtube_viki_or_vimeo_video_is_saved(editor_client, video_url):
    drama = factories.DramaFactory()

    response = editor_client.post(url(Scene, "add"), scene_data(drama, video_url=video_url))

    assert response.status_code == 302
    assert Scene.objects.get().video_url == video_url


def test_scene_characters_must_come_from_its_drama(editor_client):
    drama = factories.DramaFactory(title="Coffee Prince")
    ours = factories.RoleFactory(drama=drama)
    theirs = factories.RoleFactory(drama__title="Goblin", character="Kim Shin", actor__name="Gong Yoo")

    response = editor_client.post(url(Scene, "add"), scene_data(drama, roles=[ours.pk, theirs.pk]))

    assert response.status_code == 200
    assert errors_of(response)["roles"] == [
        "Only characters from Coffee Prince can be chosen here: Kim Shin (Gong Yoo) is in Goblin."
    ]
    assert not Scene.objects.exists()


def test_scene_list_shows_the_still_and_links_the_clip_by_its_video_service(editor_client, knowledge_base):
    factories.SceneFactory(video_url="https://vimeo.com/76979871")

    content = editor_client.get(url(Scene, "changelist")).content.decode()

    assert 'alt="Still"' in content
    link = 'href="https://vimeo.com/76979871" target="_blank" rel="noopener noreferrer">Vimeo&nbsp;↗</a>'
    assert link in content
    assert ">YouTube&nbsp;↗</a>" in content


@pytest.mark.parametrize(
    "choice, expected",
    [("youtube", ["On YouTube"]), ("vimeo", ["On Vimeo"]), ("viki", ["On Viki"]), ("none", ["Silent"])],
)
def test_scenes_filter_by_video_service(editor_client, choice, expected):
    factories.SceneFactory(title="On YouTube", video_url="https://youtu.be/dQw4w9WgXcQ")
    factories.SceneFactory(title="On Vimeo", video_url="https://vimeo.com/76979871")
    factories.SceneFactory(title="On Viki", video_url="https://www.viki.com/videos/1120307v")
    factories.SceneFactory(title="Silent", video_url="")

    response = editor_client.get(url(Scene, "changelist"), {"video": choice})

    assert [scene.title for scene in response.context["cl"].result_list] == expected


def test_deleting_a_drama_an_entry_uses_is_refused_with_the_reason(editor_client):
    entry = factories.EntryFactory(drama__title="Coffee Prince")
    drama = entry.drama

    page = editor_client.get(url(Drama, "delete", drama.pk))
    response = editor_client.post(url(Drama, "delete", drama.pk), {"post": "yes"})

    assert page.status_code == response.status_code == 200
    content = response.content.decode()
    assert "would require deleting the following protected related objects" in content
    assert url_of_entry(entry) in content
    assert "It is still in use, so nothing was deleted." in content
    assert Drama.objects.filter(pk=drama.pk).exists()


def url_of_entry(entry):
    return reverse("admin:articles_entry_change", args=[entry.pk])


def test_bulk_deleting_dramas_keeps_the_ones_entries_use(editor_client):
    used = factories.EntryFactory().drama
    unused = factories.DramaFactory()
    selection = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [used.pk, unused.pk]}

    confirmation = editor_client.post(url(Drama, "changelist"), selection)
    response = editor_client.post(url(Drama, "changelist"), {**selection, "post": "yes"})

    assert confirmation.status_code == response.status_code == 200
    assert "protected related objects" in response.content.decode()
    assert "Some of them are still in use, so nothing was deleted." in response.content.decode()
    assert Drama.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


def test_deleting_an_unused_drama_works(editor_client):
    drama = factories.RoleFactory().drama

    response = editor_client.post(url(Drama, "delete", drama.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Drama.objects.filter(pk=drama.pk).exists()


def test_deleting_an_actor_with_roles_is_refused(editor_client):
    actor = factories.RoleFactory(actor__name="Gong Yoo").actor

    response = editor_client.post(url(Actor, "delete", actor.pk), {"post": "yes"})

    assert response.status_code == 200
    assert "protected related objects" in response.content.decode()
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_deleting_a_scene_an_entry_shows_is_refused(editor_client):
    scene = factories.EntrySceneFactory().scene

    response = editor_client.post(url(Scene, "delete", scene.pk), {"post": "yes"})

    assert response.status_code == 200
    assert Scene.objects.filter(pk=scene.pk).exists()


def autocomplete(client, model_name, field_name, term, app_label="dramas"):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def test_actor_autocomplete_finds_actors_by_name_for_an_editor(editor_client):
    factories.ActorFactory(name="Gong Yoo")
    factories.ActorFactory(name="Kim Go Eun")

    response = autocomplete(editor_client, "role", "actor", "gong")

    assert response.status_code == 200
    assert [result["text"] for result in json.loads(response.content)["results"]] == ["Gong Yoo"]


def test_role_autocomplete_searches_character_actor_and_drama(editor_client):
    factories.RoleFactory(character="Choi Han Gyul", actor__name="Gong Yoo", drama__title="Coffee Prince")
    factories.RoleFactory(character="Kim Shin", actor__name="Gong Yoo", drama__title="Goblin")

    by_actor = autocomplete(editor_client, "scene", "roles", "Gong Yoo")
    by_drama = autocomplete(editor_client, "scene", "roles", "Coffee")

    assert len(json.loads(by_actor.content)["results"]) == 2
    assert [result["text"] for result in json.loads(by_drama.content)["results"]] == [
        "Choi Han Gyul (Gong Yoo)"
    ]


def test_autocomplete_refuses_anonymous_visitors(client):
    factories.ActorFactory(name="Gong Yoo")

    response = autocomplete(client, "role", "actor", "gong")

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_autocomplete_refuses_staff_without_permission(client):
    client.force_login(factories.UserFactory(is_staff=True))

    assert autocomplete(client, "role", "actor", "gong").status_code == 403

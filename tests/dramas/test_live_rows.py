"""Knowledge-base rows that a published or scheduled article shows: only editors change them, and
every change is kept in the history of the articles that show it."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle
from dramas import live
from dramas.models import Actor, Drama, Role, Scene, WatchLink
from newsroom import revisions
from newsroom.models import Revision
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:dramas_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer_client(writer):
    client = Client()
    client.force_login(writer)
    return client


@pytest.fixture
def article():
    listicle = factories.PublishedListicleFactory(title="Confessions")
    factories.full_entry(listicle)
    return listicle


@pytest.fixture
def scheduled():
    listicle = factories.PublishedListicleFactory(
        title="Coming soon", publish_at=timezone.now() + timedelta(days=2)
    )
    factories.full_entry(listicle)
    return listicle


def used(listicle):
    entry = listicle.entries.get()
    return {
        "drama": entry.drama,
        "link": entry.drama.watch_links.get(),
        "scene": entry.scene_links.get().scene,
        "role": entry.quote_role,
        "actor": entry.quote_role.actor,
    }


def posted(editor_client, model, obj, **changes):
    """What the change form of `obj` posts with `changes` typed in, read from an editor's page."""
    page = editor_client.get(url(model, "change", obj.pk))
    return form_values(page, form_id=f"{model._meta.model_name}_form", **changes)


# Writers are refused on the server


def test_a_writer_cannot_change_the_watch_link_of_a_drama_a_published_article_uses(
    editor_client, writer_client, article
):
    drama, link = used(article)["drama"], used(article)["link"]
    data = posted(editor_client, Drama, drama, **{"watch_links-0-url": "https://evil.example/watch"})

    response = writer_client.post(url(Drama, "change", drama.pk), data)
    on_its_own_page = writer_client.post(
        url(WatchLink, "change", link.pk),
        posted(editor_client, WatchLink, link, url="https://evil.example/watch"),
    )

    assert response.status_code == 403
    assert on_its_own_page.status_code == 403
    assert WatchLink.objects.get(pk=link.pk).url == link.url


def test_a_writer_cannot_retitle_a_drama_a_published_article_uses(editor_client, writer_client, article):
    drama = used(article)["drama"]

    response = writer_client.post(
        url(Drama, "change", drama.pk), posted(editor_client, Drama, drama, title="Hacked")
    )

    assert response.status_code == 403
    assert Drama.objects.get(pk=drama.pk).title == drama.title


def test_a_writer_cannot_change_the_video_of_a_scene_a_published_article_shows(
    editor_client, writer_client, article
):
    scene = used(article)["scene"]
    data = posted(editor_client, Scene, scene, video_url="https://www.youtube.com/watch?v=AAAAAAAAAAA")

    response = writer_client.post(url(Scene, "change", scene.pk), data)

    assert response.status_code == 403
    assert Scene.objects.get(pk=scene.pk).video_url == scene.video_url


def test_a_writer_cannot_rename_a_character_or_an_actor_a_published_article_credits(
    editor_client, writer_client, article
):
    role, actor = used(article)["role"], used(article)["actor"]

    role_response = writer_client.post(
        url(Role, "change", role.pk), posted(editor_client, Role, role, character="Someone else")
    )
    actor_response = writer_client.post(
        url(Actor, "change", actor.pk), posted(editor_client, Actor, actor, name="Someone else")
    )

    assert (role_response.status_code, actor_response.status_code) == (403, 403)
    assert Role.objects.get(pk=role.pk).character == role.character
    assert Actor.objects.get(pk=actor.pk).name == actor.name


def test_a_scheduled_article_protects_its_rows_too(editor_client, writer_client, scheduled):
    drama = used(scheduled)["drama"]

    response = writer_client.post(
        url(Drama, "change", drama.pk), posted(editor_client, Drama, drama, title="Hacked")
    )

    assert response.status_code == 403


def test_a_writer_cannot_add_or_move_a_watch_link_onto_a_drama_a_published_article_uses(
    writer_client, article
):
    drama = used(article)["drama"]
    spare = factories.WatchLinkFactory(drama=factories.DramaFactory())
    before = WatchLink.objects.count()

    added = writer_client.post(
        url(WatchLink, "add"), {"drama": drama.pk, "provider": "Viki", "url": "https://evil.example/"}
    )
    moved = writer_client.post(
        url(WatchLink, "change", spare.pk), {"drama": drama.pk, "provider": "Viki", "url": spare.url}
    )

    for response in (added, moved):
        assert response.status_code == 200
        assert (
            response.context["adminform"].form.errors["drama"][0].startswith(f"Readers see {drama.title} in")
        )
    assert WatchLink.objects.count() == before
    assert WatchLink.objects.get(pk=spare.pk).drama_id != drama.pk


def test_a_writer_sees_why_a_drama_in_a_published_article_is_read_only(writer_client, article):
    drama = used(article)["drama"]

    response = writer_client.get(url(Drama, "change", drama.pk))

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    (message,) = [str(message) for message in get_messages(response.wsgi_request)]
    assert message.startswith(f"Readers see drama “{drama}” in “Confessions”, so only an editor")


def test_a_writer_cannot_delete_rows_a_published_article_shows_even_with_the_permission(
    writer, writer_client, article
):
    writer.user_permissions.add(Permission.objects.get(codename="delete_watchlink"))
    link = used(article)["link"]

    single = writer_client.post(url(WatchLink, "delete", link.pk), {"post": "yes"})
    bulk = writer_client.post(
        url(WatchLink, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [link.pk], "post": "yes"},
    )

    assert single.status_code == 403
    assert bulk.status_code == 403
    assert WatchLink.objects.filter(pk=link.pk).exists()


# Writers keep the rest of the knowledge base


def test_a_writer_changes_a_drama_no_published_article_uses(editor_client, writer_client):
    draft = factories.ListicleFactory()
    factories.full_entry(draft)
    drama = used(draft)["drama"]
    data = posted(
        editor_client,
        Drama,
        drama,
        title="Renamed",
        **{"watch_links-0-url": "https://www.viki.com/tv/1c-new"},
    )

    response = writer_client.post(url(Drama, "change", drama.pk), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    drama.refresh_from_db()
    assert drama.title == "Renamed"
    assert drama.watch_links.get().url == "https://www.viki.com/tv/1c-new"
    assert not Revision.objects.filter(listicle=draft).exists()  # drafts keep their own history


def test_a_writer_changes_the_video_of_a_scene_no_published_article_shows(
    editor_client, writer_client, article
):
    scene = factories.SceneFactory(drama=used(article)["drama"])
    data = posted(editor_client, Scene, scene, video_url="https://www.youtube.com/watch?v=AAAAAAAAAAA")

    response = writer_client.post(url(Scene, "change", scene.pk), data)

    assert response.status_code == 302
    assert Scene.objects.get(pk=scene.pk).video_url.endswith("AAAAAAAAAAA")


def test_a_writer_still_adds_dramas_actors_roles_and_scenes(writer_client, article):
    drama = used(article)["drama"]

    responses = [
        writer_client.post(url(Actor, "add"), {"name": "Gong Yoo", "slug": "gong-yoo"}),
        writer_client.post(
            url(Role, "add"),
            {"drama": drama.pk, "character": "New", "actor": used(article)["actor"].pk, "billing": "lead"},
        ),
        writer_client.post(
            url(Scene, "add"), {"drama": drama.pk, "title": "Extra", "video_url": "", "still_alt": ""}
        ),
        writer_client.post(
            url(Drama, "add"),
            {
                "title": "New drama",
                "slug": "new-drama",
                "poster_alt": "",
                "roles-TOTAL_FORMS": "0",
                "roles-INITIAL_FORMS": "0",
                "watch_links-TOTAL_FORMS": "0",
                "watch_links-INITIAL_FORMS": "0",
            },
        ),
    ]

    assert [response.status_code for response in responses] == [302] * 4
    assert Role.objects.filter(character="New").exists()
    assert Drama.objects.filter(slug="new-drama").exists()


# Editors may, and the articles' history records it


def test_an_editor_changes_a_live_watch_link_and_the_article_keeps_a_revision(editor_client, editor, article):
    drama = used(article)["drama"]
    before = revisions.snapshot_of(article)
    data = posted(editor_client, Drama, drama, **{"watch_links-0-url": "https://www.viki.com/tv/2c-better"})

    response = editor_client.post(url(Drama, "change", drama.pk), data)

    assert response.status_code == 302
    starting_point, changed = article.revisions.order_by("id")
    assert starting_point.snapshot == before
    assert changed.user == editor
    assert changed.summary.startswith(f"Knowledge base: drama “{drama}”: Changed Url for watch link")
    assert changed.snapshot["entries"][0]["drama"]["watch"][0]["url"] == "https://www.viki.com/tv/2c-better"
    history = editor_client.get(reverse("admin:articles_listicle_revisions", args=[article.pk]))
    assert "Knowledge base: drama" in history.content.decode()


def test_an_editor_changes_a_scene_video_and_every_article_showing_it_keeps_a_revision(
    editor_client, editor, article
):
    scene = used(article)["scene"]
    other = factories.PublishedListicleFactory()
    factories.EntrySceneFactory(entry=factories.EntryFactory(listicle=other, drama=scene.drama), scene=scene)
    draft = factories.ListicleFactory()
    factories.EntrySceneFactory(entry=factories.EntryFactory(listicle=draft, drama=scene.drama), scene=scene)
    data = posted(editor_client, Scene, scene, video_url="https://www.youtube.com/watch?v=BBBBBBBBBBB")

    editor_client.post(url(Scene, "change", scene.pk), data)

    for listicle in (article, other):
        latest = revisions.latest(listicle)
        assert latest.user == editor
        assert (
            latest.summary == f"Knowledge base: scene “{Scene.objects.get(pk=scene.pk)}”: Changed Video url."
        )
    assert not draft.revisions.exists()


def test_deleting_a_live_watch_link_is_kept_in_the_article_history(editor_client, editor, article):
    link = used(article)["link"]

    editor_client.post(url(WatchLink, "delete", link.pk), {"post": "yes"})

    latest = revisions.latest(article)
    assert latest.summary == f"Knowledge base: Deleted watch link “{link}”"
    assert latest.snapshot["entries"][0]["drama"]["watch"] == []


def test_deleting_live_watch_links_in_bulk_is_kept_in_the_article_history(editor_client, editor, article):
    link = used(article)["link"]

    editor_client.post(
        url(WatchLink, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [link.pk], "post": "yes"},
    )

    assert not WatchLink.objects.filter(pk=link.pk).exists()
    assert revisions.latest(article).summary == f"Knowledge base: Deleted watch links “{link}”"
    assert Listicle.objects.get(pk=article.pk).revisions.count() == 2  # the starting point, then this


def test_the_knowledge_base_alone_protects_nothing(editor_client, writer_client, article):
    """`dramas` knows nothing of articles: only what registers with `dramas.live` protects rows."""
    drama = used(article)["drama"]
    data = posted(editor_client, Drama, drama, title="Renamed")
    previous = live.register(live.LiveContent())
    try:
        response = writer_client.post(url(Drama, "change", drama.pk), data)
    finally:
        live.register(previous)

    assert response.status_code == 302
    assert Drama.objects.get(pk=drama.pk).title == "Renamed"
    assert not article.revisions.exists()

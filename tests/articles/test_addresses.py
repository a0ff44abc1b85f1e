"""The address follows the headline while never published; afterwards only when asked."""

import pytest
from django.urls import reverse

from articles.models import Status
from newsroom.editorial_checks import editorial_warnings
from newsroom.workflow import transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def retitle(client, listicle, title, **changes):
    page = client.get(change_url(listicle))
    return client.post(change_url(listicle), form_values(page, title=title, **changes))


def test_a_drafts_slug_follows_its_title(client, editor):
    draft = factories.ListicleFactory(title="3 Rooftop Scenes", slug="3-rooftop-scenes")
    client.force_login(editor)

    assert retitle(client, draft, "5 K-Drama Rooftop Scenes We Love").status_code == 302

    draft.refresh_from_db()
    assert draft.slug == "5-k-drama-rooftop-scenes-we-love"


def test_a_slug_the_editor_typed_is_kept_and_then_stays(client, editor):
    draft = factories.ListicleFactory(title="3 Rooftop Scenes", slug="3-rooftop-scenes")
    client.force_login(editor)

    retitle(client, draft, "5 Rooftop Scenes", slug="rooftops")
    draft.refresh_from_db()
    assert draft.slug == "rooftops"
    retitle(client, draft, "6 Rooftop Scenes")
    draft.refresh_from_db()
    assert draft.slug == "rooftops"


def test_a_followed_slug_never_takes_another_articles_address(client, editor):
    factories.ListicleFactory(title="Other", slug="5-rooftop-scenes")
    draft = factories.ListicleFactory(title="3 Rooftop Scenes", slug="3-rooftop-scenes")
    client.force_login(editor)

    assert retitle(client, draft, "5 Rooftop Scenes").status_code == 302

    draft.refresh_from_db()
    assert draft.slug == "5-rooftop-scenes-2"


@pytest.fixture
def published(editor):
    listicle = factories.ListicleFactory(title="3 Rooftop Scenes", slug="3-rooftop-scenes")
    for position in range(3):
        factories.EntryFactory(listicle=listicle, position=position)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    return listicle


def test_after_publication_the_address_changes_only_when_asked_and_old_links_redirect(
    client, editor, published
):
    client.force_login(editor)
    page = client.get(change_url(published)).content.decode()
    assert "Also change the address to match the headline" in page

    retitle(client, published, "3 Rooftop Scenes That Made Us Cry")
    published.refresh_from_db()
    assert published.slug == "3-rooftop-scenes"

    retitle(client, published, "3 Rooftop Scenes That Made Us Cry", update_slug="on", _draft="publish")
    published.refresh_from_db()
    assert published.slug == "3-rooftop-scenes-that-made-us-cry"
    old = client.get(f"/article/{published.pk}/3-rooftop-scenes/")
    assert (old.status_code, old["Location"]) == (302, published.get_absolute_url())  # permanent once settled


def test_a_published_address_that_no_longer_matches_the_headline_is_a_warning(client, editor, published):
    client.force_login(editor)
    factories.EntryFactory(listicle=published, position=3)
    retitle(client, published, "4 Rooftop Scenes")

    page = client.get(change_url(published))

    published.refresh_from_db()
    assert published.slug == "3-rooftop-scenes"
    html = page.content.decode()
    assert "The address starts with “3-” but the headline promises 4" in html
    assert published.status == Status.PUBLISHED  # a warning, not a refusal


def test_publishing_without_a_hero_image_or_tags_is_warned_about_but_allowed(client, editor):
    draft = factories.ListicleFactory(title="Rooftop scenes")
    factories.EntryFactory(listicle=draft)
    client.force_login(editor)

    html = client.get(change_url(draft)).content.decode()

    assert "Worth a look before publishing" in html
    assert "There is no hero image" in html
    assert "There are no tags" in html
    assert "These do not stop publishing." in html
    transition(draft, to=Status.PUBLISHED, by=editor)
    draft.tags.add("rooftops")
    assert editorial_warnings(draft) == [
        "There is no hero image: the home page and shared links will show none."
    ]

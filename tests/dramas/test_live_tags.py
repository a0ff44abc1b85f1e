"""A tag that a live article carries keeps its name and address in the tag admin: renaming,
re-slugging or merging it away would change live articles without any review."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from tests import factories

pytestmark = pytest.mark.django_db


def change_url(tag):
    return reverse("admin:taggit_tag_change", args=[tag.pk])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def romance():
    listicle = factories.PublishedListicleFactory(title="Live confessions")
    listicle.tags.add("Romance")
    return Tag.objects.get(name="Romance")


@pytest.mark.parametrize(
    ("posted", "wording"),
    [
        ({"name": "Romantic", "slug": "romance"}, "renaming it"),
        ({"name": "Romance", "slug": "love"}, "its slug"),
    ],
)
def test_renaming_or_reslugging_a_tag_a_live_article_carries_is_refused_with_a_form_error(
    editor_client, romance, posted, wording
):
    response = editor_client.post(change_url(romance), posted)

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors()
    assert error.startswith("The tag “Romance” is on the live article “Live confessions”: ")
    assert wording in error and "/tag/romance/" in error
    assert Tag.objects.filter(pk=romance.pk, name="Romance", slug="romance").exists()


def test_a_scheduled_article_protects_its_tags_too(editor_client):
    scheduled = factories.PublishedListicleFactory(publish_at=timezone.now() + timedelta(days=1))
    scheduled.tags.add("Coming soon")
    tag = Tag.objects.get(name="Coming soon")

    response = editor_client.post(change_url(tag), {"name": "Soon", "slug": tag.slug})

    assert response.status_code == 200
    assert Tag.objects.get(pk=tag.pk).name == "Coming soon"


def test_a_tag_only_drafts_and_dramas_carry_is_renamed_as_before(editor_client):
    factories.ListicleFactory().tags.add("Romance")
    factories.DramaFactory().tags.add("Romance")
    tag = Tag.objects.get(name="Romance")

    response = editor_client.post(change_url(tag), {"name": "Romantic comedy", "slug": "romantic-comedy"})

    assert response.status_code == 302
    assert Tag.objects.get(pk=tag.pk).slug == "romantic-comedy"


def test_saving_a_live_tag_unchanged_is_accepted(editor_client, romance):
    response = editor_client.post(change_url(romance), {"name": "Romance", "slug": "romance"})

    assert response.status_code == 302


def test_merging_a_live_tag_into_another_is_refused_and_changes_nothing(editor_client, romance):
    other = Tag.objects.create(name="Love", slug="love")
    changelist = reverse("admin:taggit_tag_changelist")
    editor_client.post(
        changelist, {"action": "render_tag_form", ACTION_CHECKBOX_NAME: [romance.pk, other.pk]}, follow=True
    )

    response = editor_client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Love"})

    assert response.status_code == 302
    (message,) = [str(message) for message in get_messages(response.wsgi_request)]
    assert message.startswith("The tag “Romance” is on the live article “Live confessions”: merging it")
    assert TaggedItem.objects.filter(tag=romance).count() == 1
    assert Tag.objects.filter(pk=romance.pk).exists()


def test_a_writer_cannot_merge_tags_at_all(client, writer, romance):
    assert not writer.has_perm("taggit.change_tag")
    writer.user_permissions.add(Permission.objects.get(codename="view_tag"))
    client.force_login(writer)
    session = client.session
    session["selected_tag_ids"] = str(romance.pk)
    session.save()

    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Hacked"})

    assert response.status_code == 403
    assert not Tag.objects.filter(name="Hacked").exists()

"""Transition, Revision, Draft and PreviewLink moved from `articles` to `newsroom` with their tables:
the rows, constraints and indexes stay where they were, and their content types move in place, so
the Editors' and Writers' permissions on them and the admin's log stay attached
(`soompi.model_moves`). They have no admin pages of their own: the history, compare, restore and
share pages are the listicle's, and stay at /admin/articles/listicle/."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from newsroom import preview, revisions
from newsroom.models import Draft, PreviewLink, Revision, Transition
from newsroom.workflow import transition
from tests import factories
from tests.moved_models import MovedModels

MOVE = MovedModels(
    "articles",
    "newsroom",
    {
        Transition: "articles_transition",
        Revision: "articles_revision",
        Draft: "articles_draft",
        PreviewLink: "articles_previewlink",
    },
    "_newsroom_moved",
)


@pytest.mark.django_db
def test_the_moved_models_keep_their_tables_and_their_index_names():
    MOVE.assert_tables_kept({"articles_draft": ["draft_due"]})


@pytest.mark.django_db
def test_the_history_permissions_belong_to_the_newsroom_and_both_groups_keep_them(editor, writer):
    MOVE.assert_content_types_moved()
    for group in ("Editors", "Writers"):
        held = Group.objects.get(name=group).permissions.filter(content_type__app_label="newsroom")
        assert sorted(p.codename for p in held) == ["view_revision", "view_transition"]
    assert editor.has_perm("newsroom.view_revision") and writer.has_perm("newsroom.view_transition")
    assert not editor.has_perm("articles.view_revision")


@pytest.mark.django_db
def test_the_listicles_history_pages_keep_their_addresses(client, editor):
    client.force_login(editor)
    listicle = factories.ListicleFactory()
    revisions.record(listicle, user=editor, summary="Created")
    url = reverse("admin:articles_listicle_revisions", args=[listicle.pk])
    assert url == f"/admin/articles/listicle/{listicle.pk}/revisions/"
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_keeps_the_rows_the_permissions_and_the_log():
    """Back before the move the content types are `articles`' again; forward they are the
    `newsroom`'s — the same rows, by id — with the group's permission, the admin's log entry, and
    the history, draft and preview link still on their article. Only the move's migrations (and
    those after it) are undone."""
    editor = factories.UserFactory(is_staff=True)
    listicle = factories.ListicleFactory(title="Kept through the move")
    transition(listicle, to="review", by=None)
    revision = revisions.record(listicle, user=editor, summary="Before the move")
    Draft.objects.create(listicle=listicle, revision=revision, updated=timezone.now(), updated_by=editor)
    preview.make_token(listicle, by=editor)
    revision_type = ContentType.objects.get_for_model(Revision)
    view_revision = Permission.objects.get(content_type=revision_type, codename="view_revision")
    readers = Group.objects.create(name="History readers")
    readers.permissions.add(view_revision)
    entry = LogEntry.objects.create(
        user=editor,
        content_type=revision_type,
        object_id=str(revision.pk),
        object_repr="r",
        action_flag=CHANGE,
    )

    with MOVE.migrated_back():
        assert ContentType.objects.get(pk=revision_type.pk).app_label == "articles"
        for model in MOVE.tables:
            assert MOVE.table_rows(model) == 1  # the tables were not touched

    assert ContentType.objects.get_for_model(Revision).pk == revision_type.pk
    assert readers.permissions.filter(pk=view_revision.pk, content_type=revision_type).exists()
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == revision
    assert listicle.transitions.get().to_status == "review"
    assert listicle.revisions.get().summary == "Before the move"
    assert listicle.live_draft.revision == revision
    assert listicle.preview_links.live().count() == 1

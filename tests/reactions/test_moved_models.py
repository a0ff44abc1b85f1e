"""ReactionKind, Reaction and Vote moved from `articles` to `reactions` with their tables: the rows,
constraints and triggers stay where they were, and their content types move in place, so
permissions, the groups holding them and the admin's log stay attached (`soompi.model_moves`)."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from reactions.models import Reaction, ReactionKind, Vote
from soompi import model_moves
from tests import factories
from tests.moved_models import MovedModels
from tests.reader_posts import JSON, counts, react

MOVE = MovedModels(
    "articles",
    "reactions",
    {ReactionKind: "articles_reactionkind", Reaction: "articles_reaction", Vote: "articles_vote"},
    "_reactions_moved",
)


@pytest.mark.django_db
def test_the_moved_models_keep_their_tables_and_their_constraints_names():
    MOVE.assert_tables_kept(
        {"articles_reaction": ["one_reaction_per_account", "one_reaction_per_reader", "reaction_counts"]}
    )


@pytest.mark.django_db
def test_the_kinds_permissions_belong_to_the_reactions_app_and_the_newsroom_keeps_them():
    MOVE.assert_content_types_moved()
    kind_type = ContentType.objects.get_for_model(ReactionKind)
    editors = Group.objects.get(name="Editors").permissions.filter(content_type=kind_type)
    writers = Group.objects.get(name="Writers").permissions.filter(content_type=kind_type)
    assert sorted(p.codename for p in editors) == [
        "add_reactionkind",
        "change_reactionkind",
        "delete_reactionkind",
        "view_reactionkind",
    ]
    assert [p.codename for p in writers] == ["view_reactionkind"]


@pytest.mark.django_db
def test_a_moved_admin_page_answers_301_to_its_new_address(admin_client):
    MOVE.assert_old_admin_page_redirects(admin_client, ReactionKind, ReactionKind.objects.get(slug="love").pk)


def thing_type(app_label, *codenames):
    """A content type of a model that moves, with its permissions."""
    made = ContentType.objects.create(app_label=app_label, model="thing")
    for codename in codenames:
        Permission.objects.create(content_type=made, codename=codename, name=codename)
    return made


def holding(owner, app_label):
    """The codenames `owner` (a group or a user) holds on models of `app_label`."""
    held = owner.permissions if isinstance(owner, Group) else owner.user_permissions
    return sorted(held.filter(content_type__app_label=app_label).values_list("codename", flat=True))


@pytest.mark.django_db
def test_a_content_type_moves_in_place_with_its_permissions_holders_and_log_entries():
    moving = thing_type("oldapp", "add_thing", "change_thing")
    group = Group.objects.create(name="Moderators")
    group.permissions.add(*Permission.objects.filter(content_type=moving))
    editor = factories.UserFactory()
    entry = LogEntry.objects.create(
        user=editor, content_type=moving, object_id="1", object_repr="a thing", action_flag=CHANGE
    )

    model_moves.move_content_types(apps, "default", "oldapp", "newapp", ["thing"])

    moved = ContentType.objects.get(pk=moving.pk)
    assert (moved.app_label, moved.model) == ("newapp", "thing")
    assert holding(group, "newapp") == ["add_thing", "change_thing"]
    assert LogEntry.objects.get(pk=entry.pk).content_type_id == moving.pk

    model_moves.move_content_types(apps, "default", "newapp", "oldapp", ["thing"])  # and back
    assert ContentType.objects.get(pk=moving.pk).app_label == "oldapp"
    assert holding(group, "oldapp") == ["add_thing", "change_thing"]


@pytest.mark.django_db
def test_a_content_type_already_made_under_the_new_label_is_folded_into_the_moving_one():
    """Django makes a content type (and its permissions) for every installed model after any
    `migrate`, so one may wait under the new label: what points at it moves to the old row."""
    moving = thing_type("oldapp", "add_thing", "change_thing")
    made = thing_type("newapp", "add_thing", "view_thing")
    group = Group.objects.create(name="Moderators")
    group.permissions.add(Permission.objects.get(content_type=moving, codename="add_thing"))
    group.permissions.add(Permission.objects.get(content_type=made, codename="add_thing"))
    reader = factories.UserFactory()
    reader.user_permissions.add(*Permission.objects.filter(content_type=made))
    entry = LogEntry.objects.create(
        user=reader, content_type=made, object_id="2", object_repr="another thing", action_flag=CHANGE
    )

    model_moves.move_content_types(apps, "default", "oldapp", "newapp", ["thing"])

    (kept,) = ContentType.objects.filter(model="thing")
    assert (kept.pk, kept.app_label) == (moving.pk, "newapp")
    assert sorted(Permission.objects.filter(content_type=kept).values_list("codename", flat=True)) == [
        "add_thing",
        "change_thing",
        "view_thing",
    ]
    assert holding(group, "newapp") == ["add_thing"]
    assert holding(reader, "newapp") == ["add_thing", "view_thing"]
    assert LogEntry.objects.get(pk=entry.pk).content_type_id == moving.pk


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_keeps_the_rows_and_the_content_types():
    """Back before the move the content types are `articles`' again; forward they are
    `reactions`' — the same rows, by id — and the reactions are still counted. Only the move's two
    migrations are undone: the ones before it stay applied."""
    listicle = factories.PublishedListicleFactory()
    # A transactional test before this one may have emptied the kinds the migrations seeded.
    ReactionKind.objects.get_or_create(slug="love", defaults={"label": "Love", "emoji": "❤️"})
    kind_type = ContentType.objects.get_for_model(ReactionKind)
    editors = Group.objects.get_or_create(name="Editors")[0]
    editors.permissions.add(Permission.objects.get(content_type=kind_type, codename="change_reactionkind"))
    assert react(Client(), listicle, "love", **JSON).status_code == 200

    with MOVE.migrated_back():
        assert ContentType.objects.get(pk=kind_type.pk).app_label == "articles"
        assert MOVE.table_rows(Reaction) == 1  # the table was not touched
    assert ContentType.objects.get_for_model(ReactionKind).pk == kind_type.pk
    assert editors.permissions.filter(content_type=kind_type, codename="change_reactionkind").exists()
    assert counts(Client(), listicle)["counts"]["love"] == 1

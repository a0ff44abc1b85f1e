"""Comment, CommentFlag, CommentLike, BlockedWord and ReplyEmail moved from `articles` to `comments`
with their tables: the rows, constraints and indexes stay where they were, and their content types
move in place, so `moderate_comment`, the Editors holding it and the admin's log stay attached
(`soompi.model_moves`)."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from comments.models import BlockedWord, Comment, CommentFlag, CommentLike, CommentStatus, ReplyEmail
from tests import factories
from tests.moved_models import MovedModels

MOVE = MovedModels(
    "articles",
    "comments",
    {
        Comment: "articles_comment",
        CommentFlag: "articles_commentflag",
        CommentLike: "articles_commentlike",
        BlockedWord: "articles_blockedword",
        ReplyEmail: "articles_replyemail",
    },
    "_comments_moved",
)


@pytest.mark.django_db
def test_the_moved_models_keep_their_tables_and_their_constraints_names():
    MOVE.assert_tables_kept(
        {
            "articles_comment": ["comment_page_idx"],
            "articles_commentlike": ["one_like_per_reader"],
            "articles_commentflag": ["one_flag_per_reader"],
        }
    )


@pytest.mark.django_db
def test_the_comments_permissions_belong_to_the_comments_app_and_the_editors_keep_them(editor, writer):
    MOVE.assert_content_types_moved()
    editors = Group.objects.get(name="Editors").permissions.filter(content_type__app_label="comments")
    assert sorted(p.codename for p in editors) == [
        "add_blockedword",
        "change_blockedword",
        "change_comment",
        "delete_blockedword",
        "moderate_comment",
        "view_blockedword",
        "view_comment",
        "view_commentflag",
    ]
    assert not Group.objects.get(name="Writers").permissions.filter(content_type__app_label="comments")
    assert editor.has_perm("comments.moderate_comment") and not editor.has_perm("articles.moderate_comment")
    assert not writer.has_perm("comments.moderate_comment")


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["comment", "blockedword"])
def test_a_moved_admin_page_answers_301_to_its_new_address(admin_client, model):
    row = factories.CommentFactory() if model == "comment" else BlockedWord.objects.create(word="scam")
    MOVE.assert_old_admin_page_redirects(admin_client, type(row), row.pk)


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_keeps_the_rows_the_permissions_and_the_log():
    """Back before the move the content types are `articles`' again; forward they are
    `comments`' — the same rows, by id — with the moderators' permission, the admin's log entry,
    and the comment still on its article. Only the move's migrations are undone."""
    listicle = factories.PublishedListicleFactory()
    comment = factories.CommentFactory(listicle=listicle, body="Still here.")
    comment_type = ContentType.objects.get_for_model(Comment)
    moderate = Permission.objects.get(content_type=comment_type, codename="moderate_comment")
    moderators = Group.objects.create(name="Night moderators")
    moderators.permissions.add(moderate)
    editor = factories.UserFactory()
    entry = LogEntry.objects.create(
        user=editor, content_type=comment_type, object_id=str(comment.pk), object_repr="c", action_flag=CHANGE
    )

    with MOVE.migrated_back():
        assert ContentType.objects.get(pk=comment_type.pk).app_label == "articles"
        assert MOVE.table_rows(Comment) == 1  # the table was not touched
    assert ContentType.objects.get_for_model(Comment).pk == comment_type.pk
    assert moderators.permissions.filter(pk=moderate.pk, content_type=comment_type).exists()
    assert (
        LogEntry.objects.get(pk=entry.pk).get_admin_url() == f"/admin/comments/comment/{comment.pk}/change/"
    )
    shown = Comment.objects.get(pk=comment.pk)
    assert (shown.body, shown.status, shown.listicle_id) == (
        "Still here.",
        CommentStatus.PUBLISHED,
        listicle.pk,
    )

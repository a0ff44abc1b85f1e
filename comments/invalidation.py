"""Which comment writes change what readers see (`articles.page_invalidation`).

A comment saved or deleted, and the bulk updates of moderation, flags and erasure (which send no
signal: they call `comments_updated`), bump `comments:<id>` of their article only: its kept pages
of comments are read again, the other articles' stay kept. A reader renamed, or an account about
to be deleted, does the same on every article they commented on. The caches in front of the site
are told through `pages_updated`: a comment changes its article's listings (their comment count),
a like its pages of comments (`declare`), and a comment saved or deleted purges its article's
pages and listings with its thread's pages of replies (`comment_purged`).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete

from accounts.models import ReaderProfile
from articles import purges
from articles.page_invalidation import COMMENT_PAGES, LISTINGS, declare, pages_updated
from soompi import versioned

from .models import Comment, CommentLike, CommentStatus


def comments_version(listicle_id):
    return f"comments:{listicle_id}"


def comments_updated(listicle_ids):
    """A bulk update changed comments on these articles (none: nothing to do)."""
    listicle_ids = sorted(set(listicle_ids))
    if not listicle_ids:
        return  # an empty list would mean every article to pages_updated's receivers
    versioned.changed(*map(comments_version, listicle_ids))
    pages_updated.send(sender=Comment, listicle_ids=listicle_ids)


def comment_written(sender, instance, **kwargs):
    versioned.changed(comments_version(instance.listicle_id))


def names_changed(sender, instance, **kwargs):
    """A reader renamed, or an account about to be deleted: their comments show another name."""
    user_id = instance.user_id if sender is ReaderProfile else instance.pk
    comments_updated(Comment.objects.filter(user_id=user_id).values_list("listicle_id", flat=True).distinct())


def comment_purged(sender, instance, created=False, **kwargs):
    """A comment posted, edited or deleted (a new one held for moderation shows nowhere yet)."""
    if created and instance.status != CommentStatus.PUBLISHED:
        return
    thread = instance.thread_id or instance.pk
    purges.collect(lambda batch: batch.add(instance.listicle_id, LISTINGS, threads=[thread]))


def connect():
    """Called once `articles` connected its own receivers: a comment's purge runs after the
    versions it relies on are bumped."""
    declare(CommentLike, pages=COMMENT_PAGES)  # `comments.likes_changed` sends it
    declare(Comment, pages=LISTINGS)
    uid = f"versioned.{Comment._meta.label}"
    post_save.connect(comment_written, sender=Comment, dispatch_uid=uid + ".save")
    post_delete.connect(comment_written, sender=Comment, dispatch_uid=uid + ".delete")
    uid = f"purges.{Comment._meta.label}"
    post_save.connect(comment_purged, sender=Comment, dispatch_uid=uid + ".post_save")
    post_delete.connect(comment_purged, sender=Comment, dispatch_uid=uid + ".post_delete")
    post_save.connect(names_changed, sender=ReaderProfile, dispatch_uid="versioned.names.save")
    pre_delete.connect(names_changed, sender=get_user_model(), dispatch_uid="versioned.names.delete")

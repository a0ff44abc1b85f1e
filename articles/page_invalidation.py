"""Which writes change what is kept inside Django (`soompi.versioned`), per article.

- A listicle saved or deleted bumps `article:<id>`: the record reader posts are checked against
  (`reader_posts.record`).
- A comment saved or deleted, and the bulk updates of moderation, flags and erasure (which send
  no signal: they call `comments_updated`), bump `comments:<id>` of their article only: its kept
  pages of comments are read again, the other articles' stay kept.
- A reaction kind saved, deleted or reordered bumps `reaction-kinds`.

Public pages themselves are kept by HTTP caches, told of these same writes by purges
(`articles.purges`, `frontend_cache`); `comments_updated` and `kinds_updated` send
`pages_updated` for the writes that no model signal announces.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal

from accounts.models import ReaderProfile
from soompi import versioned

from .models import Comment, Listicle, ReactionKind

# Sent with `listicle_ids` (a list; empty: every article) after a bulk update behind the models'
# signals changed what readers see on those articles' pages, and by every reader's choice
# (`kept.choices_changed`, sender Reaction or Vote) and like (`comments.likes_changed`, sender
# CommentLike). `articles.purges` purges those pages from the caches in front of the site.
pages_updated = Signal()
KINDS = "reaction-kinds"


def article_version(pk):
    return f"article:{pk}"


def comments_version(listicle_id):
    return f"comments:{listicle_id}"


def comments_updated(listicle_ids):
    """A bulk update changed comments on these articles (none: nothing to do)."""
    listicle_ids = sorted(set(listicle_ids))
    if not listicle_ids:
        return  # an empty list would mean every article to pages_updated's receivers
    versioned.changed(*map(comments_version, listicle_ids))
    pages_updated.send(sender=Comment, listicle_ids=listicle_ids)


def kinds_updated():
    """Reaction kinds were reordered in bulk: every article's reaction box changed."""
    versioned.changed(KINDS)
    pages_updated.send(sender=ReactionKind, listicle_ids=[])


def listicle_written(sender, instance, **kwargs):
    versioned.changed(article_version(instance.pk))


def comment_written(sender, instance, **kwargs):
    versioned.changed(comments_version(instance.listicle_id))


def kind_written(sender, instance, **kwargs):
    versioned.changed(KINDS)


def names_changed(sender, instance, **kwargs):
    """A reader renamed, or an account about to be deleted: their comments show another name."""
    user_id = instance.user_id if sender is ReaderProfile else instance.pk
    comments_updated(Comment.objects.filter(user_id=user_id).values_list("listicle_id", flat=True).distinct())


def connect():
    for model, receiver in (
        (Listicle, listicle_written),
        (Comment, comment_written),
        (ReactionKind, kind_written),
    ):
        uid = f"versioned.{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + ".delete")
    post_save.connect(names_changed, sender=ReaderProfile, dispatch_uid="versioned.names.save")
    pre_delete.connect(names_changed, sender=get_user_model(), dispatch_uid="versioned.names.delete")

"""Which writes change what readers see: what is kept inside Django (`soompi.versioned`), per
article, and the pages the caches in front of the site must drop (`articles.purges`).

- A listicle saved or deleted bumps `article:<id>`: the record reader posts are checked against
  (`records.record`).
- A comment saved or deleted, and the bulk updates of moderation, flags and erasure (which send
  no signal: they call `comments_updated`), bump `comments:<id>` of their article only: its kept
  pages of comments are read again, the other articles' stay kept.
- Every other model whose rows readers see declares what its writes change (`declare`), from its
  own app's AppConfig.ready(), so this module names none of them: a reaction or a vote changes
  its article's page, a reaction kind every page.

Public pages themselves are kept by HTTP caches, told of these same writes by purges
(`articles.purges`, `frontend_cache`); `comments_updated` and `written_in_bulk` send
`pages_updated` for the writes that no model signal announces.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal

from accounts.models import ReaderProfile
from soompi import versioned

from .models import Comment, CommentLike, Listicle

# Sent with `listicle_ids` (a list; empty: every article) after a write changed what readers see on
# those articles' pages: a bulk update behind the models' signals, a reader's choice or like (sent
# by the app that keeps their counts), a declared model's row written. `articles.purges` purges
# those pages from the caches in front of the site.
pages_updated = Signal()

# How much of the site a write on an article changes, each including the ones before it.
ARTICLE_PAGE = 1  # the article page itself (a reaction box, a poll)
COMMENT_PAGES = 2  # and its pages of comments (a like)
LISTINGS = 3  # and the listings that show its comment count (a comment)
ARTICLE = 4  # and everything that shows the article: feeds, sitemap, drama and actor pages


@dataclass(frozen=True)
class Declared:
    pages: int  # one of the scopes above, for the article a row's write is sent for
    every_page: bool  # each row saved or deleted changes every page
    version: str  # the `soompi.versioned` name those writes bump ("" for none)


_declared = {}


def declare(model, *, pages=ARTICLE_PAGE, every_page=False, version=""):
    """Say what readers see change when `model` is written; an app calls it in its ready().

    `pages`: the scope of the article's pages that a write of it changes, for the writes its app
    announces with `pages_updated` (a reader's choice: the article page, and such frequent writes
    are purged at most once a second per article). `every_page`: every row saved or deleted, and
    every bulk update (`written_in_bulk`), changes every page, and bumps `version` first.
    """
    _declared[model] = Declared(pages=pages, every_page=every_page, version=version)
    if every_page:
        uid = f"page_invalidation.{model._meta.label}"
        post_save.connect(_row_written, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_row_written, sender=model, dispatch_uid=uid + ".delete")


def pages_of_sender(sender):
    """The scope of the pages a `pages_updated` sent by `sender` changes (comments' by default)."""
    declared = _declared.get(sender)
    return declared.pages if declared is not None else LISTINGS


def written_in_bulk(model):
    """Rows of an `every_page` model changed without a signal (a bulk update): as one row's write."""
    _row_written(model)


def _row_written(sender, **kwargs):
    declared = _declared[sender]
    if declared.version:
        versioned.changed(declared.version)
    pages_updated.send(sender=sender, listicle_ids=[])


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


def listicle_written(sender, instance, **kwargs):
    versioned.changed(article_version(instance.pk))


def comment_written(sender, instance, **kwargs):
    versioned.changed(comments_version(instance.listicle_id))


def names_changed(sender, instance, **kwargs):
    """A reader renamed, or an account about to be deleted: their comments show another name."""
    user_id = instance.user_id if sender is ReaderProfile else instance.pk
    comments_updated(Comment.objects.filter(user_id=user_id).values_list("listicle_id", flat=True).distinct())


def connect():
    declare(CommentLike, pages=COMMENT_PAGES)  # `comments.likes_changed` sends it
    declare(Comment, pages=LISTINGS)
    for model, receiver in ((Listicle, listicle_written), (Comment, comment_written)):
        uid = f"versioned.{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + ".delete")
    post_save.connect(names_changed, sender=ReaderProfile, dispatch_uid="versioned.names.save")
    pre_delete.connect(names_changed, sender=get_user_model(), dispatch_uid="versioned.names.delete")

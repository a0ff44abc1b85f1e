"""Which writes change what readers see: what is kept inside Django (`soompi.versioned`), per
article, and the pages the caches in front of the site must drop (`articles.purges`).

- A listicle saved or deleted bumps `article:<id>`: the record reader posts are checked against
  (`records.record`).
- Every other model whose rows readers see declares what its writes change (`declare`), from its
  own app's AppConfig.ready(), so this module names none of them: a reaction or a vote changes
  its article's page, a reaction kind every page, a comment its article's pages of comments and
  the listings with its comment count (`comments.invalidation`, which keeps a version per
  article's comments).

Public pages themselves are kept by HTTP caches, told of these same writes by purges
(`articles.purges`, `frontend_cache`); `written_in_bulk`, and the apps' own bulk writes, send
`pages_updated` for the writes that no model signal announces.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from soompi import versioned

from .models import Listicle

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
    """The scope of the pages a `pages_updated` sent by `sender` changes (by default, as a
    comment's: the listings with the article's comment count)."""
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


def listicle_written(sender, instance, **kwargs):
    versioned.changed(article_version(instance.pk))


def connect():
    uid = f"versioned.{Listicle._meta.label}"
    post_save.connect(listicle_written, sender=Listicle, dispatch_uid=uid + ".save")
    post_delete.connect(listicle_written, sender=Listicle, dispatch_uid=uid + ".delete")

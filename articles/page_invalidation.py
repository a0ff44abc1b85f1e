"""Which writes make the stored reader pages out of date (see `page_cache`).

Every model whose rows show on a reader page bumps the page version when a row is saved or
deleted, or a many-to-many link changes: listicles (publish, unpublish, edit, restore, a
schedule moved), entries and their scenes, authors, tags, the knowledge base (a drama renamed,
a role, a scene, a watch link), reaction kinds and comments; a reader's display name and an
account's deletion change what their comments show. Writes that skip signals
(`QuerySet.update()` in comment moderation and auto-hiding) call `page_cache.invalidate()`
themselves. Reactions, votes and comment likes are counts: they do not bump it (see
`page_cache` for why their staleness is bounded).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from accounts.models import ReaderProfile
from dramas.models import Actor, Drama, Role, Scene, WatchLink

from .models import Author, Comment, Entry, EntryScene, Listicle, ReactionKind
from .page_cache import invalidate

SHOWN_ON_PAGES = (Listicle, Entry, EntryScene, Author, Comment, ReactionKind, Tag, TaggedItem)
KNOWLEDGE_BASE = (Drama, Actor, Role, Scene, WatchLink)
LINKS = (Entry.featuring.through, Scene.roles.through)


def names_changed(sender, **kwargs):
    """A reader renamed or an account deleted: their comments show another name."""
    invalidate(comments_only=True)


def connect():
    for model in SHOWN_ON_PAGES + KNOWLEDGE_BASE:
        uid = f"page_cache.{model._meta.label}"
        post_save.connect(invalidate, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=uid + ".delete")
    for through in LINKS:
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"page_cache.{through._meta.label}")
    post_save.connect(names_changed, sender=ReaderProfile, dispatch_uid="page_cache.names.save")
    post_delete.connect(names_changed, sender=get_user_model(), dispatch_uid="page_cache.names.delete")

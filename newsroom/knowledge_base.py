"""The knowledge base's rows that live articles show, guarded for the newsroom through `dramas.live`.

A change to a drama, watch link, role, actor, scene or tag that a published or scheduled listicle
shows (`articles.knowledge_base.listicles_showing`) shows on the article at once. So making it needs
the permission to publish, and every such change is kept as a revision of each of those listicles,
naming who made it and what it was.
"""

from articles.knowledge_base import listicles_showing
from dramas import live

from . import revisions
from .workflow import is_editor


class PublishedArticles(live.LiveContent):
    def showing(self, obj):
        return list(listicles_showing(obj))

    def may_change(self, user):
        return is_editor(user)

    def about_to_change(self, items):
        for listicle in items:
            revisions.record_starting_point(listicle)

    def changed(self, items, *, user, summary):
        for listicle in items:
            revisions.record(listicle, user=user, summary=f"Knowledge base: {summary}")

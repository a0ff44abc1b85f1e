"""What published articles show of the knowledge base, told to its admin through `dramas.live`.

An article shows its entries' dramas with their watch links, the characters an entry quotes or
features with their actors, and the scenes it plays; a change to any of them shows on the article
at once. So changing a row that a published or scheduled listicle shows needs the permission to
publish, and every such change is kept as a revision of each of those listicles, naming who made
it and what it was. An article's topics (tags) show too: the tag admin asks which live listicles
carry a tag, and keeps its name and address as they are while any does.
"""

from django.db.models import Q
from taggit.models import Tag

from dramas import live
from dramas.models import Actor, Drama, Role, Scene, WatchLink
from newsroom import revisions
from newsroom.workflow import is_editor

from .models import Listicle

# How a listicle reaches each kind of knowledge-base row.
SHOWN_THROUGH = {
    Drama: lambda drama: Q(entries__drama=drama),
    WatchLink: lambda link: Q(entries__drama=link.drama_id),
    Role: lambda role: Q(entries__quote_role=role) | Q(entries__featuring=role),
    Actor: lambda actor: Q(entries__quote_role__actor=actor) | Q(entries__featuring__actor=actor),
    Scene: lambda scene: Q(entries__scene_links__scene=scene),
    # An article's topics show on its page, each linking to the tag's page (the tag admin asks).
    Tag: lambda tag: Q(tags=tag),
}


def listicles_showing(obj):
    """Published and scheduled listicles that show `obj`, a row of the knowledge base."""
    shown_through = SHOWN_THROUGH.get(type(obj))
    if shown_through is None:
        return Listicle.objects.none()
    live_or_due = Listicle.objects.published() | Listicle.objects.scheduled()
    return live_or_due.filter(pk__in=Listicle.objects.filter(shown_through(obj)).values("pk")).order_by(
        "title"
    )


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

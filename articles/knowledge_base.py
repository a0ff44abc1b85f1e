"""Which live articles show a row of the knowledge base.

An article shows its entries' dramas with their watch links, the characters an entry quotes or
features with their actors, and the scenes it plays; a change to any of them shows on the article
at once. An article's topics (tags) show too: the tag admin asks which live listicles carry a tag,
and keeps its name and address as they are while any does. The newsroom tells the knowledge base's
admin who may change such rows and keeps a revision of each article a change shows on
(`newsroom.knowledge_base`); the caches in front of the site drop those articles' pages
(`articles.purges`).
"""

from django.db.models import Q
from taggit.models import Tag

from dramas.models import Actor, Drama, Role, Scene, WatchLink

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

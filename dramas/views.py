"""Drama and actor pages: the knowledge base as readers see it, with the published entries about it."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from .models import Actor, Drama, Role
from .querysets import entries_about_drama, entries_featuring_actor


class KnowledgePageView(DetailView):
    def get_context_data(self, **kwargs):
        canonical_url = self.request.build_absolute_uri(self.object.get_absolute_url())
        return super().get_context_data(canonical_url=canonical_url, **kwargs)


class DramaView(KnowledgePageView):
    """Facts, cast as "Character (Actor)", where to watch, and every published entry about the drama."""

    template_name = "dramas/drama.html"
    context_object_name = "drama"
    queryset = Drama.objects.prefetch_related(
        "tags", Prefetch("roles", Role.objects.select_related("actor")), "watch_links"
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=entries_about_drama(self.object), **kwargs)


class ActorView(KnowledgePageView):
    """Photo, bio, roles with their dramas, and the published entries featuring the actor."""

    template_name = "dramas/actor.html"
    context_object_name = "actor"
    queryset = Actor.objects.prefetch_related(
        Prefetch("roles", Role.objects.select_related("drama").order_by("-drama__year", "drama__title"))
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=entries_featuring_actor(self.object), **kwargs)

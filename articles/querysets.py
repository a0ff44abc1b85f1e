"""The rules for what readers may see and how pages fetch it, in one place."""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


class ListicleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published and due. Views, feeds, sitemaps and search reuse it."""
        from .models import Status

        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self):
        """Published, but readers see it only once `publish_at` comes (the admin's Scheduled)."""
        from .models import Status

        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def for_listing(self):
        """Cards on home, tag, drama, actor and author pages: one query plus tags."""
        return self.select_related("author").prefetch_related("tags")

    def for_page(self):
        """Everything the article page needs, in a fixed number of queries."""
        from dramas.models import Role

        from .models import Entry, EntryScene

        roles = Role.objects.select_related("actor")
        return self.select_related("author").prefetch_related(
            "tags",
            Prefetch(
                "entries",
                Entry.objects.select_related("drama", "quote_role__actor").prefetch_related(
                    Prefetch("featuring", roles),
                    "drama__watch_links",
                    Prefetch("scene_links", EntryScene.objects.select_related("scene")),
                ),
            ),
        )


class Visibility:
    """The single-listicle twins of `published()` and `scheduled()`, kept beside them (a model mixin).

    A test pins both to one matrix of every status × a past, future or missing `publish_at`.
    """

    @property
    def is_live(self):
        from .models import Status

        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        from .models import Status

        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )


class EntryQuerySet(models.QuerySet):
    def published(self):
        """Entries of listicles readers may see (drama and actor pages)."""
        from .models import Listicle

        return self.filter(listicle__in=Listicle.objects.published())

"""The rules for what readers may see and how pages fetch it, in one place."""

from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, When
from django.utils import timezone

from . import status_writes


class ListicleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        status_writes.check_update(kwargs)
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        status_writes.check_create(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def published(self):
        """What readers may see: published and due. Views, feeds, sitemaps and search reuse it."""
        from .models import Status

        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self):
        """Published, but readers see it only once `publish_at` comes (the admin's Scheduled)."""
        from .models import Status

        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def scheduled_next(self):
        """When the next scheduled listicle goes live, or None: cached pages are fresh until then."""
        return self.scheduled().aggregate(next=models.Min("publish_at"))["next"]

    def for_listing(self):
        """Cards on home, tag, drama, actor and author pages: one query plus tags."""
        return self.select_related("author").prefetch_related("tags")

    def for_page(self):
        """Everything the article page needs, in a fixed number of queries."""
        return self.select_related("author").prefetch_related(*page_prefetches())


def page_prefetches(*, tags=True, entry_totals=False):
    """The lookups `for_page` prefetches, for `prefetch_related_objects` on a listicle already read:
    its tags (unless `tags` is False: the article view reads them with its related cards' in one
    query) and its entries with their credits, watch links and scenes, each entry annotated with
    the reader parts' totals (`reader_parts.entry_totals`: `vote_total`, its votes, in the entries'
    own query) when `entry_totals`."""
    from dramas.models import Role

    from .models import Entry, EntryScene
    from .reader_parts import entry_totals as totals

    entries = Entry.objects.select_related("drama", "quote_role__actor").prefetch_related(
        Prefetch("featuring", Role.objects.select_related("actor")),
        "drama__watch_links",
        Prefetch("scene_links", EntryScene.objects.select_related("scene")),
    )
    for name, (model, field) in (totals() if entry_totals else {}).items():
        rows = model.objects.filter(listicle=OuterRef("listicle"), **{field: OuterRef("pk")})
        rows = rows.order_by().values(field)
        entries = entries.annotate(**{name: Subquery(rows.annotate(n=Count("pk")).values("n")[:1])})
    return [*(["tags"] if tags else []), Prefetch("entries", entries)]


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


def _count(queryset):
    """A subquery counting the rows of `queryset`, which is correlated to the outer entry."""
    return Subquery(queryset.order_by().values("listicle").annotate(count=Count("pk")).values("count"))


class EntryQuerySet(models.QuerySet):
    def published(self):
        """Entries of listicles readers may see (drama and actor pages)."""
        from .models import Listicle

        return self.filter(listicle__in=Listicle.objects.published())

    def with_numbers(self):
        """Annotate `number`: the number readers see beside each entry in its article.

        The place of an entry among its siblings is counted in SQL, so that a page lists any number
        of entries in one query; `Numbering.number()` turns it into the number, as on the article.
        """
        from .models import Entry, Numbering

        siblings = Entry.objects.filter(listicle=OuterRef("listicle"))
        up_to_here = siblings.filter(
            Q(position__lt=OuterRef("position")) | Q(position=OuterRef("position"), pk__lte=OuterRef("pk"))
        )
        place, total = F("place"), F("total")
        return self.annotate(place=_count(up_to_here), total=_count(siblings)).annotate(
            number=Case(
                *(When(listicle__numbering=kind, then=kind.number(place, total)) for kind in Numbering),
            )
        )

    def newest_first(self):
        """Newest article first, each article's entries in reading order."""
        return self.order_by("-listicle__publish_at", "-listicle_id", "position", "pk")

    def about_drama(self, drama):
        """Published entries whose subject is `drama`, numbered, newest article first."""
        return self._listed().filter(drama=drama)

    def featuring_actor(self, actor):
        """Published entries that credit or quote one of `actor`'s characters, numbered, newest
        article first, with the `character` they play annotated."""
        from dramas.models import Role

        roles = Role.objects.filter(actor=actor)
        credited = self.model.objects.filter(Q(featuring__in=roles) | Q(quote_role__in=roles)).values("pk")
        character = Role.objects.filter(
            Q(featured_in=OuterRef("pk")) | Q(quoted_in=OuterRef("pk")), actor=actor
        ).values("character")[:1]
        return self._listed().filter(pk__in=credited).annotate(character=Subquery(character))

    def _listed(self):
        return self.published().select_related("listicle__author", "drama").with_numbers().newest_first()

"""What drama and actor pages show from the articles: published entries, each with its number.

An entry's number depends on its place among its siblings and on the listicle's numbering, the
same rule as `Listicle.numbered()`; here it is computed in SQL so that a page lists any number of
entries in one query.
"""

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When

from articles.models import Entry, Numbering

from .models import Role


def _count(queryset):
    """A subquery counting the rows of `queryset`, which is correlated to the outer entry."""
    return Subquery(queryset.order_by().values("listicle").annotate(count=Count("pk")).values("count"))


def with_numbers(entries):
    """Annotate `number`: the number readers see beside each entry in its article."""
    siblings = Entry.objects.filter(listicle=OuterRef("listicle"))
    up_to_here = siblings.filter(
        Q(position__lt=OuterRef("position")) | Q(position=OuterRef("position"), pk__lte=OuterRef("pk"))
    )
    return entries.annotate(index=_count(up_to_here), total=_count(siblings)).annotate(
        number=Case(
            When(listicle__numbering=Numbering.COUNTDOWN, then=F("total") - F("index") + 1),
            default=F("index"),
        )
    )


def _published_entries():
    return Entry.objects.published().select_related("listicle__author", "drama")


def _newest_first(entries):
    return entries.order_by("-listicle__publish_at", "-listicle_id", "position", "pk")


def entries_about_drama(drama):
    """Published entries whose subject is `drama`, newest article first."""
    return _newest_first(with_numbers(_published_entries().filter(drama=drama)))


def entries_featuring_actor(actor):
    """Published entries that credit or quote one of `actor`'s characters, with `character` annotated."""
    roles = Role.objects.filter(actor=actor)
    credited = Entry.objects.filter(Q(featuring__in=roles) | Q(quote_role__in=roles)).values("pk")
    character = Role.objects.filter(
        Q(featured_in=OuterRef("pk")) | Q(quoted_in=OuterRef("pk")), actor=actor
    ).values("character")[:1]
    entries = _published_entries().filter(pk__in=credited).annotate(character=Subquery(character))
    return _newest_first(with_numbers(entries))

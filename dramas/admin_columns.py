"""List columns that every admin of the site shows the same way: image thumbnails and usage counts."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html


def thumbnail(image, alt, *, width=48, height=48):
    """A small preview of an uploaded image, or a dash when there is none."""
    if not image:
        return "–"
    return format_html(
        '<img class="thumbnail" src="{}" alt="{}" width="{}" height="{}" loading="lazy">',
        image.url,
        alt,
        width,
        height,
    )


def related_count(model, field):
    """How many `model` rows point at each row through `field`.

    A correlated subquery rather than Count(): several counts on one list stay exact, and the
    outer query keeps no GROUP BY, so it can still be locked, updated or deleted.
    """
    rows = model._default_manager.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(total=Count("pk")).values("total")), 0)

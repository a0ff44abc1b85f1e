"""A listicle's address follows its headline.

While a listicle has never been published its slug follows the title (unless the editor sets one
of their own); once published, the address changes only when the editor asks, since readers and
search engines know it (old addresses still answer with a redirect to the new one: the article's
URL carries its id). `articles.checks.editorial_warnings` says when the address's number no longer
matches the headline's.
"""

import re

from django.utils.text import slugify


def slug_for(title, listicle, max_length=220):
    """A slug for `title` no other listicle uses: "5-rooftop-scenes", else "5-rooftop-scenes-2"..."""
    from .models import Listicle

    base = _base(title, max_length)
    others = Listicle.objects.exclude(pk=listicle.pk) if listicle.pk else Listicle.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def _base(title, max_length=220):
    return slugify(title)[:max_length].strip("-") or "listicle"


def follows_title(listicle):
    """Whether the stored slug follows the stored title: never published, and the slug the title
    gives (with a number added to tell it apart), not one the editor chose."""
    if listicle.first_published_at is not None:
        return False
    base = re.escape(_base(listicle.title))
    return not listicle.slug or re.fullmatch(rf"{base}(-\d+)?", listicle.slug) is not None

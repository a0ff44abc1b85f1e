"""Related reading's cards, written out in Python.

`related.html` with a `card.html` and a picture per card was the largest part of an article page's
template. `related_html` writes the same bytes; `tests/articles/test_card_html.py` holds it byte for
byte to the templates for every shape of card (change both together). The templates stay the
reference, and still render the listings' cards (with their own sizes, priority and search matches).
"""

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from pictures.templatetags.pictures import picture

from .templatetags.headlines import headline

SIZES = "(min-width: 900px) 360px, 100vw"  # card.html's default


def related_html(listicles):
    """What `{% include "articles/includes/related.html" with listicles=listicles %}` renders."""
    if not listicles:
        return mark_safe("\n")  # noqa: S308
    cards = "".join(f"\n        {card_html(listicle)}\n      " for listicle in listicles)
    return mark_safe(  # noqa: S308 (every value escaped)
        '\n  <section class="related" aria-labelledby="related-heading">\n'
        '    <h2 class="section-title" id="related-heading">Keep reading</h2>\n'
        f'    <div class="card-grid">\n      {cards}\n    </div>\n  </section>\n\n'
    )


def card_html(listicle):
    """`card.html` for one listicle, without search matches, at its default size."""
    url = esc(listicle.get_absolute_url())
    if listicle.hero_image:
        media = f"\n      {picture(listicle.hero_image, '', sizes=SIZES, crop='wide')}\n    "
    else:
        media = '\n      <span class="card__placeholder"></span>\n    '
    tags = listicle.sorted_tags
    kicker = ""
    if tags:
        tag_url = esc(reverse("articles:tag", args=[tags[0].slug]))
        kicker = f'<p class="kicker"><a href="{tag_url}">{esc(tags[0].name)}</a></p>'
    dek = f'<p class="card__dek">{esc(listicle.dek)}</p>' if listicle.dek else ""
    author = listicle.author
    author = f'<span class="byline__author">By {esc(author.name)}</span>' if author else ""
    published = listicle.publish_at
    if published:
        local = template_localtime(published)
        published = (
            f'<time class="byline__date" datetime="{esc(dateformat.format(local, "c"))}">'
            f"{esc(dateformat.format(local, 'M j, Y'))}</time>"
        )
    count = getattr(listicle, "comment_count", None)
    comments = (
        f'<a class="byline__comments" href="{url}#comments">{count} comment{pluralize(count)}</a>'
        if count
        else ""
    )
    return (
        '\n<article class="card">\n'
        f'  <a class="card__media" href="{url}" tabindex="-1" aria-hidden="true">\n'
        f"    {media}\n  </a>\n"
        '  <div class="card__body">\n'
        f"    \n      {kicker}\n    \n"
        f'    <h2 class="card__title"><a href="{url}">{headline(listicle.title)}</a></h2>\n'
        f"    {dek}\n    \n"
        '    <p class="byline byline--small">\n'
        f"      {author}\n      {published or ''}\n      {comments}\n"
        "    </p>\n  </div>\n</article>\n"
    )

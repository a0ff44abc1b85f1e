"""Related reading's cards written out in Python (`card_html.related_html`) are byte for byte what
`related.html` and its `card.html` render, for every shape of card."""

from datetime import UTC, datetime
from itertools import product

import pytest
from django.template.loader import render_to_string

from articles.card_html import related_html
from articles.models import Status
from tests import factories

from .test_page_images import jpeg

pytestmark = pytest.mark.django_db

AWKWARD = "K-Drama <b>&amp;</b> \"quoted\" 'single'"


@pytest.fixture
def cards(db, django_capture_on_commit_callbacks):
    """A card of each shape: a lead picture (with renditions made) or none, tags or none, a dek or
    none, an author or none, a publishing time or none, comments none, one or many."""
    author = factories.AuthorFactory(name="Bina <Kim> & co")
    listicles = []
    shapes = product(
        [True, False], [True, False], [True, False], [True, False], [True, False], [None, 0, 1, 12]
    )
    for number, (hero, tagged, dek, authored, published, comments) in enumerate(shapes):
        if hero and number % 4:
            continue  # every shape without a picture, a fourth of them with one (renditions take time)
        with django_capture_on_commit_callbacks(execute=True):
            listicle = factories.ListicleFactory(
                title=f"{number} K-Drama {AWKWARD}" if number % 2 else f"Goblin {number}",
                dek=AWKWARD if dek else "",
                author=author if authored else None,
                status=Status.PUBLISHED if published else Status.DRAFT,
                publish_at=datetime(2026, 1, 2, 23, 30, tzinfo=UTC) if published else None,
                hero_image=jpeg(f"hero{number}.jpg") if hero else None,
                hero_alt="Hero",
            )
        if tagged:
            listicle.tags.add("romance", AWKWARD)
        if comments is not None:
            listicle.comment_count = comments
        listicles.append(listicle)
    return listicles


def test_the_cards_are_what_the_templates_render(cards):
    assert len(cards) > 30 and any(card.hero_image for card in cards)
    for shown in ([], cards[:1], cards):
        expected = render_to_string("articles/includes/related.html", {"listicles": shown})
        assert related_html(shown) == expected


def test_a_card_before_its_renditions_are_made_is_what_the_templates_render(db):
    listicle = factories.PublishedListicleFactory(hero_image=jpeg("pending.jpg"), dek="Pending")
    expected = render_to_string("articles/includes/related.html", {"listicles": [listicle]})
    assert related_html([listicle]) == expected

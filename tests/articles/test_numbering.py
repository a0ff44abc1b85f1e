"""Entry numbers: the article page and the drama and actor pages count with one rule."""

import pytest

from articles.models import Entry, Numbering
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("numbering", list(Numbering))
def test_numbers_in_sql_match_the_article_page_for_every_numbering(numbering):
    listicle = factories.PublishedListicleFactory(numbering=numbering)
    # Two entries share a position (an import can do that): reading order falls back to the id.
    for position in (3, 1, 1, 7):
        factories.EntryFactory(listicle=listicle, position=position)

    on_the_article = [(number, entry.pk) for number, entry in listicle.numbered()]
    in_sql = [(entry.number, entry.pk) for entry in Entry.objects.filter(listicle=listicle).with_numbers()]

    assert in_sql == on_the_article
    assert [number for number, _ in on_the_article] == (
        [4, 3, 2, 1] if numbering == Numbering.COUNTDOWN else [1, 2, 3, 4]
    )

"""An article page's entries read with the SQL written out in `articles.page_entries` are the
instances, in the places, that `page_prefetches(tags=False, entry_totals=True)` gives, for every
shape of entry; and the relations kept that way still answer any further query rightly."""

import pytest
from django.db.models import prefetch_related_objects

from articles.models import Listicle
from articles.page_entries import read_entries
from articles.querysets import page_prefetches
from reactions.models import Vote
from tests import factories

from .test_entry_html import article  # noqa: F401 -- the fixture: entries of every shape

pytestmark = pytest.mark.django_db


def values(instance):
    """A model instance's own field values, with its class; None for None."""
    if instance is None:
        return None
    return type(instance), {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def shown(listicle):
    """Everything the page reads of the entries, as values, through the relations' managers."""
    return [
        (
            values(entry),
            entry.vote_total,
            values(entry.listicle),
            values(entry.drama),
            values(entry.quote_role),
            values(entry.quote_role and entry.quote_role.actor),
            [(values(role), values(role.actor)) for role in entry.featuring.all()],
            [(values(link), values(link.drama)) for link in entry.drama.watch_links.all()],
            [(values(link), values(link.scene), values(link.entry)) for link in entry.scene_links.all()],
        )
        for entry in listicle.entries.all()
    ]


def prefetched(pk):
    listicle = Listicle.objects.get(pk=pk)
    prefetch_related_objects([listicle], *page_prefetches(tags=False, entry_totals=True))
    return listicle


def read(pk):
    listicle = Listicle.objects.get(pk=pk)
    read_entries(listicle)
    return listicle


def test_the_entries_read_in_sql_are_the_prefetched_ones(article, django_assert_num_queries):  # noqa: F811
    entries = list(article.entries.all())
    for number, entry in enumerate(entries[:3]):
        for reader in range(number + 1):
            Vote.objects.create(listicle=article, entry=entry, reader=f"reader-{number}-{reader}")
    shared = entries[4]
    shared.drama = entries[5].drama  # two entries about one drama
    shared.save()
    Vote.objects.create(listicle=factories.PublishedListicleFactory(), entry=entries[3], reader="elsewhere")

    expected = shown(prefetched(article.pk))
    listicle = Listicle.objects.get(pk=article.pk)
    with django_assert_num_queries(4):
        read_entries(listicle)
    with django_assert_num_queries(0):
        got = shown(listicle)
    assert got == expected
    assert [row[1] for row in got[:5]] == [1, 2, 3, None, None]  # no vote: None, as the prefetch gives


def test_an_article_without_entries_costs_one_query(django_assert_num_queries):
    listicle = factories.PublishedListicleFactory()
    with django_assert_num_queries(1):
        read_entries(listicle)
    assert list(listicle.entries.all()) == []


def test_a_kept_relation_answers_further_queries_through_the_relation(article):  # noqa: F811
    listicle = read(article.pk)
    entry = listicle.entries.all()[0]
    others = factories.EntryFactory(listicle=factories.PublishedListicleFactory())
    factories.EntrySceneFactory(entry=others, position=1)

    assert entry.scene_links.count() == len(entry.scene_links.all()) == 2
    assert set(entry.scene_links.filter(scene__isnull=True)) == {
        link for link in entry.scene_links.all() if not link.scene_id
    }
    assert list(entry.featuring.order_by("-id")) == sorted(entry.featuring.all(), key=lambda role: -role.pk)
    assert list(listicle.entries.filter(position__lt=2)) == list(listicle.entries.all()[:2])
    assert list(entry.drama.watch_links.all().all()) == list(entry.drama.watch_links.all())

"""The reader's pick: readers vote for their favourite entry of an article with a poll question.

A reader sees the results once they have voted; everyone sees them once the article has been out
for `settings.POLL_RESULTS_PUBLIC_AFTER_DAYS`. Results are ranked by votes (reading order breaks a
tie), carry the entry's number as the article shows it, and mark the leader(s).
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from articles.page_invalidation import article_version
from soompi import versioned
from soompi.responses import Refused

from . import choice_counts
from .models import Vote
from .reader_choices import UNDONE, choose


@dataclass(frozen=True)
class Result:
    number: int
    entry: object
    votes: int
    share: int
    is_leader: bool
    is_mine: bool


@dataclass(frozen=True)
class Poll:
    question: str
    results: list  # ranked Results; empty when the reader may not see them yet
    total: int
    mine: int | None  # the id of the entry the reader voted for
    show_results: bool

    def as_json(self):
        return {
            "total": self.total,
            "mine": self.mine,
            "results": [
                {
                    "entry": result.entry.pk,
                    "number": result.number,
                    "heading": result.entry.display_heading,
                    "votes": result.votes,
                    "share": result.share,
                    "leader": result.is_leader,
                }
                for result in self.results
            ],
        }


def results_are_public(listicle, now=None):
    """Whether everyone sees the results: the article has been out long enough."""
    if listicle.publish_at is None:
        return False
    age = timedelta(days=settings.POLL_RESULTS_PUBLIC_AFTER_DAYS)
    return listicle.publish_at + age <= (now or timezone.now())


def check_open(listicle):
    if not listicle.poll_question:
        raise Refused("This article has no reader’s pick to vote in.", status=404)


def entry_from(data, numbered):
    """The entry among `numbered` named by the posted `entry` field; Refused with the reason otherwise."""
    value = data.get("entry", "")
    if not value:
        raise Refused("Choose an entry: the “entry” field is missing.")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Refused("The “entry” field must be the number of an entry.")
    for _, entry in numbered:
        if entry.pk == int(value):
            return entry
    raise Refused("That entry is not part of this article.")


def vote(listicle, reader, data, numbered, *, results=True):
    """Apply a reader's vote; returns the poll as they now see it, with the results (None without
    `results`: a reader without JavaScript is sent back to the page, which shows them)."""
    check_open(listicle)
    entry = entry_from(data, numbered)
    outcome = choose(Vote, listicle, reader, entry=entry)
    if not results:
        return None
    return poll(listicle, reader, numbered, mine=None if outcome == UNDONE else entry.pk)


UNKNOWN = object()


def totals_read_with(numbered):
    """{entry id: votes} when the entries were read with their `vote_total` (the article page reads
    them in the entries' query, `querysets.page_prefetches` with `entry_totals`), else None."""
    if not numbered or not all(hasattr(entry, "vote_total") for _, entry in numbered):
        return None
    return {entry.pk: entry.vote_total or 0 for _, entry in numbered}


def vote_counts(listicle_id):
    """{entry id: votes} on the listicle (`choice_counts.choice_counts`)."""
    return choice_counts.choice_counts(Vote, "entry", listicle_id)


def poll(listicle, reader, numbered, *, mine=UNKNOWN, public=False):
    """The poll of `listicle` for `reader` (None when there is no question).

    `numbered` are the page's (number, entry) pairs. For a known reader (and `mine`, their entry's
    id or None, not given) one query gives the counts and their own vote; otherwise one query for
    the counts when the reader may see the results (or with `public`, as editors do), whatever the
    entry count.
    """
    if not listicle.poll_question:
        return None
    counts = None
    if mine is UNKNOWN:
        mine = None
        if reader is not None and reader.is_known:  # the counts and their own vote in one query
            rows = (
                Vote.objects.filter(listicle=listicle)
                .order_by()
                .values_list("entry_id")
                .annotate(n=Count("id"), own=Count("id", filter=Q(**reader.lookup())))
            )
            counts = {entry_id: n for entry_id, n, _ in rows}
            mine = next((entry_id for entry_id, _, own in rows if own), None)
    show = public or mine is not None or results_are_public(listicle)
    results, total = [], 0
    if show:
        if counts is None:
            counts = totals_read_with(numbered)
        if counts is None:
            counts = vote_counts(listicle.pk)
        total = sum(counts.get(entry.pk, 0) for _, entry in numbered)
        top = max((counts.get(entry.pk, 0) for _, entry in numbered), default=0)
        ranked = sorted(enumerate(numbered), key=lambda item: (-counts.get(item[1][1].pk, 0), item[0]))
        for _, (number, entry) in ranked:
            votes = counts.get(entry.pk, 0)
            results.append(
                Result(
                    number=number,
                    entry=entry,
                    votes=votes,
                    share=round(100 * votes / total) if total else 0,
                    is_leader=votes > 0 and votes == top,
                    is_mine=entry.pk == mine,
                )
            )
    return Poll(question=listicle.poll_question, results=results, total=total, mine=mine, show_results=show)


class PollEntry(NamedTuple):
    """What the results show of an entry: kept instead of the entry and its drama, which cost
    several times more to read back from the cache on every `me`."""

    pk: int
    display_heading: str


def kept_entries(listicle):
    """The poll's (number, entry) pairs for showing results, each entry a `PollEntry`, read once
    per change of the article (a vote itself checks its entry against the rows, `vote`'s caller
    reads them)."""

    def read():
        entries = listicle.entries.select_related("drama")
        return [
            (number, PollEntry(entry.pk, entry.display_heading))
            for number, entry in listicle.numbered(entries)
        ]

    key, version = entries_kept_as(listicle.pk)
    return versioned.read(key, read, version=version)


def entries_kept_as(listicle_id):
    """The key and version `kept_entries` keeps the entries under (a key of its own since they are
    `PollEntry`s: a server still running the code before reads only the whole entries it kept)."""
    return f"poll-headings:{listicle_id}", article_version(listicle_id)


def counts_kept_as(listicle_id):
    """The key and version `vote_counts` keeps the counts under."""
    return choice_counts.counts_kept_as(Vote, listicle_id)

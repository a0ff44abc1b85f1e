"""Reactions ("How does this article make you feel?"): the kinds on offer and the counts.

Counts are one aggregate query over the `reaction_counts` index (listicle, kind), so they always
equal the stored rows, made once per change and kept in the cache (`counts`); shares are each
kind's part of the total of the active kinds.
"""

import time
from dataclasses import dataclass

from . import kept, page_cache, polls, readers
from .choices import UNDONE, Refused, choose
from .models import Reaction, ReactionKind

KINDS_SECONDS = 3600


@dataclass(frozen=True)
class KindCount:
    kind: ReactionKind
    count: int
    share: int  # percent of the total, rounded
    chosen: bool


@dataclass(frozen=True)
class ReactionBox:
    kinds: list
    total: int
    mine: str  # the reader's kind slug, "" when none or not known

    def as_json(self):
        """The `reactions/` endpoint's body: counts by slug, the total, the reader's own or None."""
        return {
            "counts": {row.kind.slug: row.count for row in self.kinds},
            "total": self.total,
            "mine": self.mine or None,
        }


_kinds = {}


def active_kinds():
    """The active kinds in order; kept in this process per content version (`page_cache`), which
    every change to a kind bumps, so a kind an editor turns off is refused at once."""
    current = page_cache.version(page_cache.CONTENT_KEY)
    stored = _kinds.get(current) if current is not None else None
    if stored is not None and time.time() < stored[0]:
        return stored[1]
    kinds = list(ReactionKind.objects.filter(active=True))
    if current is not None:
        _kinds.clear()
        _kinds[current] = (time.time() + page_cache.kept_at_most(KINDS_SECONDS), kinds)
    return kinds


def check_open(listicle):
    if not listicle.allow_reactions:
        raise Refused("Reactions are turned off for this article.", status=404)


def kind_from(data, kinds):
    """The active kind named by the posted `kind` field; Refused with the reason otherwise."""
    slug = data.get("kind", "")
    if not slug:
        raise Refused("Choose a reaction: the “kind” field is missing.")
    for kind in kinds:
        if kind.slug == slug:
            return kind
    raise Refused("That reaction does not exist or is no longer offered.")


def counts(listicle_id):
    """{kind id: reactions} on the listicle, every kind (`kept.choice_counts`)."""
    return kept.choice_counts(Reaction, "kind", listicle_id)


def react(listicle, reader, data, *, counts=True):
    """Apply a reader's post to `listicle`; returns the box as they now see it (None without
    `counts`: a reader without JavaScript is sent back to the page, which counts them anyway)."""
    check_open(listicle)
    kinds = active_kinds()
    kind = kind_from(data, kinds)
    outcome = choose(Reaction, listicle, reader, kind=kind)
    if not counts:
        return None
    return box(listicle, kinds=kinds, mine="" if outcome == UNDONE else kind.slug)


def box(listicle, reader=None, *, kinds=None, mine=None):
    """The counts of `listicle` for the active kinds (or `kinds`), with the reader's own choice.

    The kinds are kept per worker (`active_kinds`) and the counts counted once per change
    (`counts`); the reader's own is `mine` when the caller knows it, else one query for a known
    `reader`.
    """
    kinds = active_kinds() if kinds is None else kinds
    counted = counts(listicle.pk)
    if mine is None and reader is not None and reader.is_known:
        own = Reaction.objects.filter(listicle=listicle, **reader.lookup()).values_list("kind_id", flat=True)
        own_id = own.first()
        mine = next((kind.slug for kind in kinds if kind.pk == own_id), "")
    mine = mine or ""
    total = sum(counted.get(kind.pk, 0) for kind in kinds)
    return ReactionBox(
        kinds=[
            KindCount(
                kind=kind,
                count=counted.get(kind.pk, 0),
                share=round(100 * counted.get(kind.pk, 0) / total) if total else 0,
                chosen=kind.slug == mine,
            )
            for kind in kinds
        ],
        total=total,
        mine=mine,
    )


def page_context(request, listicle, numbered):
    """The reaction box and the poll for the article page, and whether the page is personal.

    A reader nobody knows yet (no account, no reader cookie) gets what everyone gets: counts, no
    choice marked, results only once they are public. That page may be cached and shared. A known
    reader's page also marks their own choices and shows the results after they voted, so it must
    be sent `Cache-Control: private` (`reader_is_known`).
    """
    try:
        reader = readers.identify(request)
    except readers.TamperedCookie:
        reader = readers.Reader()
    return {
        "reaction_box": box(listicle, reader) if listicle.allow_reactions else None,
        "poll": polls.poll(listicle, reader, numbered),
        "reader_is_known": reader.is_known,
    }

"""Reactions ("How does this article make you feel?"): the kinds on offer and the counts.

Counts are one aggregate query over the `reaction_counts` index (listicle, kind), with the active
kinds when they are not known yet, so they always equal the stored rows; shares are each kind's
part of the total of the active kinds.
"""

from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q, Value

from . import page_cache, polls, readers
from .choices import UNDONE, Refused, choose
from .models import Reaction, ReactionKind


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
    kinds = _kinds.get(current) if current is not None else None
    if kinds is None:
        kinds = list(ReactionKind.objects.filter(active=True))
        if current is not None:
            _kinds.clear()
            _kinds[current] = kinds
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
    """The counts of `listicle` for the active kinds, with the reader's own choice.

    The reader's own is `mine` when the caller knows it, else looked up for `reader` when given.
    One query: the active kinds with their counts and the reader's own, or, when `kinds` is given,
    the counts alone and one more for looking up the reader's own.
    """
    if kinds is None:
        known = mine is None and reader is not None and reader.is_known
        own = {f"here__{name}": value for name, value in reader.lookup().items()} if known else None
        kinds = list(
            ReactionKind.objects.filter(active=True)
            .annotate(here=FilteredRelation("reactions", condition=Q(reactions__listicle=listicle)))
            .annotate(n=Count("here"), own=Count("here", filter=Q(**own)) if known else Value(0))
            .order_by(*ReactionKind._meta.ordering)
        )
        counts = {kind.pk: kind.n for kind in kinds}
        if known:  # the reader's own came with the counts
            mine = next((kind.slug for kind in kinds if kind.own), "")
    else:
        rows = (
            Reaction.objects.filter(listicle=listicle)
            .order_by()
            .values_list("kind_id")
            .annotate(n=Count("id"))
        )
        counts = dict(rows)
    if mine is None and reader is not None and reader.is_known:
        own = Reaction.objects.filter(listicle=listicle, **reader.lookup()).values_list("kind_id", flat=True)
        own_id = own.first()
        mine = next((kind.slug for kind in kinds if kind.pk == own_id), "")
    mine = mine or ""
    total = sum(counts.get(kind.pk, 0) for kind in kinds)
    return ReactionBox(
        kinds=[
            KindCount(
                kind=kind,
                count=counts.get(kind.pk, 0),
                share=round(100 * counts.get(kind.pk, 0) / total) if total else 0,
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

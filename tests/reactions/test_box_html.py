"""The reader's pick and the reaction box written out in Python (`box_html.part_html`) are byte for
byte what `reactions/includes/reactions.html` and its includes render, for every shape of both."""

from itertools import product
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from reactions.box_html import part_html
from reactions.models import ReactionKind
from reactions.polls import Poll, Result
from reactions.reactions import KindCount, ReactionBox

AWKWARD = "K-Drama <b>&amp;</b> \"quoted\" 'single'"
LISTICLE = SimpleNamespace(pk=7, slug="a-listicle")


def box(counts, mine):
    kinds = [
        ReactionKind(pk=1, slug="love", label="Love", emoji="😍"),
        ReactionKind(pk=2, slug="odd-one", label=AWKWARD, emoji="<&>"),
        ReactionKind(pk=3, slug="sad", label="Sad", emoji="😢"),
    ]
    total = sum(counts)
    rows = [
        KindCount(kind, count, round(100 * count / total) if total else 0, kind.slug == mine)
        for kind, count in zip(kinds, counts, strict=True)
    ]
    return ReactionBox(kinds=rows, total=total, mine=mine)


def poll(votes, mine, show):
    entries = [
        SimpleNamespace(pk=10 + n, display_heading=AWKWARD if n % 2 else f"Goblin {n}") for n in range(3)
    ]
    total, top = sum(votes), max(votes)
    results = [
        Result(
            number=n + 1,
            entry=entry,
            votes=count,
            share=round(100 * count / total) if total else 0,
            is_leader=count > 0 and count == top,
            is_mine=entry.pk == mine,
        )
        for n, (entry, count) in enumerate(zip(entries, votes, strict=True))
    ]
    question = AWKWARD + " — which one?"
    return Poll(
        question=question,
        results=results if show else [],
        total=total if show else 0,
        mine=mine,
        show_results=show,
    )


BOXES = [None, box([0, 0, 0], ""), box([1, 0, 0], "love"), box([3, 1, 2], "odd-one"), box([1000, 25, 1], "")]
POLLS = [
    None,
    poll([0, 0, 0], None, False),
    poll([0, 0, 0], None, True),
    poll([1, 0, 0], 10, True),
    poll([2, 2, 1], 12, True),
    poll([5, 1, 7], None, True),
]


@pytest.mark.parametrize(("reaction_box", "the_poll"), list(product(BOXES, POLLS)))
def test_the_box_and_poll_are_what_the_templates_render(reaction_box, the_poll):
    context = {"listicle": LISTICLE, "reaction_box": reaction_box, "poll": the_poll}
    assert part_html(LISTICLE, reaction_box, the_poll) == render_to_string(
        "reactions/includes/reactions.html", context
    )

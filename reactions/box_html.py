"""The reader's pick and the reaction box at the end of an article, as HTML written out in Python.

`reactions/includes/reactions.html` (with `poll.html` and `poll_results.html`) took a few hundred
template variable lookups per render of an article with a poll. `part_html` writes the same bytes;
`tests/reactions/test_box_html.py` holds it byte for byte to the templates for every shape of box
and poll (change both together). The templates stay the reference, and still render the done step.
"""

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

POLL_INVITE = (
    '\n        <p class="poll__prompt" data-poll-invite>You have not voted yet: press <strong>This one!'
    "</strong> under your favourite entry (each name below leads to it) to add your vote.</p>\n      "
)
POLL_PROMPT = (
    '\n      <p class="poll__prompt">Press <strong>This one!</strong> under your favourite entry to vote.'
    " You will see how everyone voted right after.</p>\n    "
)
LEADER = '<span class="poll-result__badge">Leader</span>'
YOUR_PICK = '<span class="poll-result__badge poll-result__badge--mine">Your pick</span>'
BOX_END = (
    '  <p class="reactions__hint">One reaction each: choose another to change it, or the same again to'
    ' take it back.</p>\n  <p class="reactions__error" role="alert" data-reactions-error hidden></p>\n'
    "</section>\n"
)


def part_html(listicle, reaction_box, poll):
    """What `reactions.html` renders for `listicle` with the page's `reaction_box` and `poll`
    (`reactions.box`, `polls.poll`; either may be None)."""
    html = "\n" + (poll_html(poll) if poll else "") + "\n"
    if reaction_box:
        html += box_html(listicle, reaction_box)
    return mark_safe(html + "\n")  # noqa: S308 (every value escaped)


def box_html(listicle, box):
    args = [listicle.pk, listicle.slug]
    rows = "".join(_kind_html(row) for row in box.kinds)
    return (
        '\n<section class="reactions" id="reactions" aria-labelledby="reactions-heading"\n'
        f'         data-reactions data-reactions-url="{esc(reverse("articles:reactions", args=args))}">\n'
        '  <h2 class="reactions__heading" id="reactions-heading">How does this article make you feel?</h2>\n'
        '  <form class="reactions__form" method="post"'
        f' action="{esc(reverse("articles:confirm", args=[*args, "react"]))}"'
        f' data-action="{esc(reverse("articles:react", args=args))}" data-reactions-form>\n'
        f'    <ul class="reactions__list" role="list">\n      {rows}\n    </ul>\n  </form>\n'
        '  <p class="reactions__total" aria-live="polite" data-reactions-total>'
        f"{box.total} reaction{pluralize(box.total)}</p>\n" + BOX_END
    )


def _kind_html(row):
    kind, slug = row.kind, esc(row.kind.slug)
    return (
        '\n        <li class="reactions__item">\n'
        f'          <button class="reaction" type="submit" name="kind" value="{slug}"\n'
        f'                  aria-pressed="{"true" if row.chosen else "false"}" data-reaction="{slug}">\n'
        f'            <span class="reaction__emoji" aria-hidden="true">{esc(kind.emoji)}</span>\n'
        f'            <span class="reaction__label">{esc(kind.label)}</span>\n'
        '            <span class="reaction__figures"><span class="visually-hidden">: </span>'
        f'<span class="reaction__count" data-reaction-count>{row.count}</span>'
        '<span class="visually-hidden">,</span>\n'
        f'              <span class="reaction__share" data-reaction-share>{row.share}%</span></span>\n'
        "          </button>\n        </li>\n      "
    )


def poll_html(poll):
    if poll.show_results:
        body = (
            "\n      "
            + (POLL_INVITE if poll.mine is None else "")
            + "\n      "
            + results_html(poll)
            + "\n    "
        )
    else:
        body = POLL_PROMPT
    return (
        '<section class="poll" id="poll" aria-labelledby="poll-heading" data-poll>\n'
        '  <h2 class="poll__heading" id="poll-heading"><span class="poll__kicker">Reader’s pick</span>\n'
        f'    <span class="poll__question" id="poll-question">{esc(poll.question)}</span></h2>\n'
        f'  <div class="poll__body" data-poll-results>\n    {body}\n  </div>\n</section>\n'
    )


def results_html(poll):
    """`poll_results.html`."""
    results = "".join(_result_html(result) for result in poll.results)
    return (
        '<p class="poll__total" aria-live="polite" data-poll-total>'
        f"{poll.total} vote{pluralize(poll.total)}</p>\n"
        f'<ol class="poll__results" role="list">\n  {results}\n</ol>\n'
    )


def _result_html(result):
    leader, mine, number, share = result.is_leader, result.is_mine, result.number, result.share
    classes = (
        "poll-result" + (" poll-result--leader" if leader else "") + (" poll-result--mine" if mine else "")
    )
    return (
        f'\n    <li class="{classes}">\n'
        '      <span class="poll-result__name">\n'
        f'        <a class="poll-result__entry" href="#entry-{number}">'
        f'<span class="poll-result__number">{number}<span class="visually-hidden">.</span></span>'
        f" {esc(result.entry.display_heading)}</a>\n"
        f"        {LEADER if leader else ''}\n        {YOUR_PICK if mine else ''}\n      </span>\n"
        f'      <span class="poll-result__figures"><strong class="poll-result__share">{share}%</strong>\n'
        '        <span class="poll-result__votes">'
        f"{result.votes} vote{pluralize(result.votes)}</span></span>\n"
        f'      <progress class="poll-result__bar" max="100" value="{share}" aria-hidden="true">'
        "</progress>\n    </li>\n  "
    )

"""The reaction box and the reader's pick on an article's pages (`articles.reader_parts`).

Registered by `apps.py`: the public page shows the counts and the poll as every reader sees them
(the poll's results once they are public); `articles:me` marks this reader's own reaction and vote
with fresh counts; the confirm and done steps of `react` and `vote` serve a reader without
JavaScript.
"""

from articles.models import Entry
from articles.reader_parts import ArticlePart, OwnRows
from soompi.responses import Refused

from . import polls, reactions, readers
from .box_html import part_html
from .models import Reaction, Vote
from .polls import UNKNOWN


class ReactionsPart(ArticlePart):
    # `reactions_html`: `reactions/includes/reactions.html` written out in Python (`box_html`).
    template_name = "reactions/includes/part.html"
    scripts = ("js/reactions.js",)
    actions = ("react", "vote")
    # Each entry's votes, read in the entries' own query: the poll's results need no query of their own.
    entry_totals = {"vote_total": (Vote, "entry")}

    def page_context(self, request, listicle, entries):
        box = reactions.box(listicle) if listicle.allow_reactions else None
        poll = polls.poll(listicle, None, entries)
        return {"reaction_box": box, "poll": poll, "reactions_html": part_html(listicle, box, poll)}

    def reader(self, request):
        return readers.identify(request)  # a forged cookie: `readers.TamperedCookie`, a Refused

    def kept_reads(self, pk):
        kept = (reactions.box_kept_as, polls.entries_kept_as, polls.counts_kept_as)
        return dict(kept_as(pk) for kept_as in kept)

    def own_rows(self, listicle, reader):
        """The reader's reaction (with reactions on) and vote (with a poll), in that order."""
        if not reader.is_known:
            return []
        if reader.user is not None:
            who, params = "user_id = %s", (reader.user.pk,)
        else:
            who, params = "user_id IS NULL AND reader = %s", (reader.key,)
        rows = []
        for model, column, wanted in _choices(listicle):
            if wanted:
                where = f"listicle_id = %s AND {who}"
                rows.append(OwnRows(column, model._meta.db_table, where, (listicle.pk, *params)))
        return rows

    def own_state(self, request, listicle, reader, rows):
        found = iter(rows)
        own = {}
        for model, _, wanted in _choices(listicle):
            if wanted:
                own[model] = next(iter(next(found)), None) if reader.is_known else UNKNOWN
        state = {"reactions": None, "poll": None}
        if Reaction in own:
            state["reactions"] = reactions.box(listicle, reader, own_kind_id=own[Reaction]).as_json()
        if Vote in own:
            entries = polls.kept_entries(listicle)
            state["poll"] = polls.poll(listicle, reader, entries, mine=own[Vote]).as_json()
        return state

    def confirm(self, request, listicle, action, data):
        back = listicle.get_absolute_url()
        if action == "react":
            reactions.check_open(listicle)
            slug = data.get("kind", "")
            kind = next((kind for kind in reactions.active_kinds() if kind.slug == slug), None)
            if kind is None:
                raise Refused("Choose one of the reactions under the article.")
            return {"kind": kind, "back": back + "#reactions", "step_template": "reactions/confirm.html"}
        polls.check_open(listicle)
        entry = Entry.objects.select_related("drama").filter(
            listicle_id=listicle.pk, pk=_id(data.get("entry"))
        )
        entry = entry.first()
        if entry is None:
            raise Refused("Choose one of the article's entries with its “This one!” button.")
        return {"entry": entry, "back": back + "#poll", "step_template": "reactions/confirm.html"}

    def done(self, request, listicle, action, reader):
        back = listicle.get_absolute_url()
        if action == "react":
            box = reactions.box(listicle, reader) if listicle.allow_reactions else None
            mine = next((row.kind for row in box.kinds if row.chosen), None) if box else None
            return {
                "reaction_box": box,
                "mine": mine,
                "back": back + "#reactions",
                "step_template": "reactions/done.html",
            }
        poll, mine = None, None
        if listicle.poll_question:
            numbered = polls.kept_entries(listicle)
            poll = polls.poll(listicle, reader, numbered)
            mine = next((entry for _, entry in numbered if entry.pk == poll.mine), None)
        return {"poll": poll, "mine": mine, "back": back + "#poll", "step_template": "reactions/done.html"}


def _choices(listicle):
    """(model, the column of the reader's choice, whether the article asks for it), in order."""
    return ((Reaction, "kind_id", listicle.allow_reactions), (Vote, "entry_id", bool(listicle.poll_question)))


def _id(value):
    """A posted id, or 0 for anything that is not one."""
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 19 else 0

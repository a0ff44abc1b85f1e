"""What apps above `articles` add to an article's pages for its readers (the reaction box and the
reader's pick, from `reactions`).

`articles` serves the article page, the private `articles:me` answer and the confirm and done
steps of a post without JavaScript; an app whose readers act on an article registers one
`ArticlePart` (`register`, in its AppConfig.ready()) and each of those pages asks every part for
its share, so `articles` imports none of those apps:

- the public page: `page_context` (the same for every reader) and `template_name`, included at the
  end of the article with `scripts`; `entry_totals`, rows counted per entry in the entries' own
  query (the poll's votes);
- `me`: the part's reader (`reader`, which may refuse a request it cannot read), its kept reads
  (`kept_reads`, gathered with the page's in one cache round trip), its rows of this reader
  (`own_rows`: SELECTs that join the answer's one query) and what it makes of them (`own_state`);
- the confirm and done steps of its `actions`: `confirm` and `done` give the step's context, its
  template included by `articles/confirm.html` and `articles/done.html`.
"""

from dataclasses import dataclass

_parts = []


@dataclass(frozen=True)
class OwnRows:
    """One SELECT of `column` from `table` WHERE `where` (with `params`): ids of a reader's rows."""

    column: str
    table: str
    where: str
    params: tuple


class ArticlePart:
    """The base of a registered part; each method's default adds nothing."""

    template_name = ""  # included at the end of the article page, with the page's context
    scripts = ()  # static paths of the scripts the article page loads for it
    actions = ()  # the confirm and done steps it answers (`articles:confirm`, `articles:done`)
    entry_totals = {}  # {entry attribute: (model, its entry field)}: its rows counted per entry

    def page_context(self, listicle, entries):
        """The public page's context ((number, entry) pairs in `entries`): nothing personal."""
        return {}

    def reader(self, request):
        """Who makes `request`, to this part (None: no one it knows); `Refused` when it cannot tell."""
        return None

    def kept_reads(self, pk):
        """{key: version} of what `own_state` reads kept, for article `pk`."""
        return {}

    def own_rows(self, listicle, reader):
        """`OwnRows` of this reader on `listicle`, each read with the others in one query."""
        return []

    def own_state(self, request, listicle, reader, rows):
        """The keys of `me`'s answer: `rows` are the ids `own_rows` found, a set per `OwnRows`."""
        return {}

    def confirm(self, request, listicle, action, data):
        """The confirm step's context for `action` (`step_template` and `back` among it); `Refused`
        for what the post itself would refuse."""
        raise NotImplementedError

    def done(self, request, listicle, action, reader):
        """The done step's context for `action` (`step_template` and `back` among it)."""
        raise NotImplementedError


def register(part):
    """Add `part` to every article page; a part registered twice is added once."""
    if not any(type(known) is type(part) for known in _parts):
        _parts.append(part)


def parts():
    return tuple(_parts)


def answering(action):
    """The part whose confirm and done steps answer `action`, or None."""
    return next((part for part in _parts if action in part.actions), None)


def readers(request):
    """{part: its reader} for `request`; `Refused` as the first part that cannot tell."""
    return {part: part.reader(request) for part in _parts}


def entry_totals():
    """{entry attribute: (model, its entry field)} of every part."""
    return {name: counted for part in _parts for name, counted in part.entry_totals.items()}

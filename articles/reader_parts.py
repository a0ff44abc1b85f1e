"""What apps above `articles` add to an article's pages for its readers (the reaction box and the
reader's pick, from `reactions`; the comments, from `comments`).

`articles` serves the article page, the listings, the private `articles:me` answer and the confirm
and done steps of a post without JavaScript; an app whose readers act on an article registers one
`ArticlePart` (`register`, in its AppConfig.ready()) and each of those pages asks every part for
its share, so `articles` imports none of those apps:

- the public page: `page_context` (the same for every reader) and `template_name`, included at the
  end of the article, `byline_template` in its byline, with `scripts_on`; `entry_totals`, rows
  counted per entry in the entries' own query (the poll's votes);
- the listings: `listing`, the cards' query with what the part counts on each card (comments);
- `me`: the part's reader (`reader`, which may refuse a request it cannot read), its kept reads
  (`kept_reads`, gathered with the page's in one cache round trip), its rows of this reader
  (`own_rows`: SELECTs that join the answer's one query) and what it makes of them (`own_state`);
- the confirm and done steps of its `actions`: `confirm` and `done` give the step's context, its
  template included by `articles/confirm.html` and `articles/done.html`;
- the caches in front of the site (`articles.purges`): `addresses`, the part's pages of the
  article that a write changes, and `old_addresses`, those at an old address of it.
"""

from dataclasses import dataclass

_parts = []


@dataclass(frozen=True)
class OwnRows:
    """One SELECT of `column` from `table` WHERE `where` (with `params`): ids of a reader's rows.

    With `details` (model fields) their values come along with each id, converted as the ORM
    converts them; `tail` ends the SELECT (`ORDER BY ... LIMIT %s`, its values last in `params`).
    """

    column: str
    table: str
    where: str
    params: tuple
    details: tuple = ()
    tail: str = ""


class ArticlePart:
    """The base of a registered part; each method's default adds nothing."""

    template_name = ""  # included at the end of the article page, with the page's context
    byline_template = ""  # included in the article's byline, with the page's context
    scripts = ()  # static paths of the scripts the article page loads for it (`scripts_on`)
    actions = ()  # the confirm and done steps it answers (`articles:confirm`, `articles:done`)
    entry_totals = {}  # {entry attribute: (model, its entry field)}: its rows counted per entry

    def page_context(self, request, listicle, entries):
        """The public page's context ((number, entry) pairs in `entries`): nothing personal (the
        request only says which of the page's public variants it is, e.g. `?sort=`)."""
        return {}

    def scripts_on(self, listicle):
        """The scripts the page of `listicle` loads for this part."""
        return self.scripts

    def listing(self, listicles):
        """The listings' queryset of `listicles`, with what the part shows on their cards."""
        return listicles

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
        """The keys of `me`'s answer: `rows` are what `own_rows` found, per `OwnRows` a set of ids
        ({id: its details} for one with `details`)."""
        return {}

    def confirm(self, request, listicle, action, data):
        """The confirm step's context for `action` (`step_template` and `back` among it); `Refused`
        for what the post itself would refuse."""
        raise NotImplementedError

    def done(self, request, listicle, action, reader):
        """The done step's context for `action` (`step_template` and `back` among it); `Refused`
        for a request it cannot answer (a comment named by anything but its number)."""
        raise NotImplementedError

    def addresses(self, listicle, scope, threads):
        """The addresses of the part's pages of `listicle` that a write within `scope` (one of
        `page_invalidation`'s) changes; `threads`: the comment threads it touched (None: any)."""
        return set()

    def old_addresses(self, listicle, slug):
        """The part's addresses at the article's old `slug`, as its pages link to them."""
        return set()


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


def listing(listicles):
    """The listings' queryset of `listicles`, with what every part shows on their cards."""
    for part in _parts:
        listicles = part.listing(listicles)
    return listicles


def entry_totals():
    """{entry attribute: (model, its entry field)} of every part."""
    return {name: counted for part in _parts for name, counted in part.entry_totals.items()}

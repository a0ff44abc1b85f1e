"""The reader's article page: a skeleton rendered once per edit, each reader's own parts per request.

Everything editors wrote changes only on an edit: the head and its structured data, the header,
the entries with their pictures, clips and watch links, the tags, the author box and the related
reading. That is rendered once per content version (`page_cache.CONTENT_KEY`, bumped by every
write that shows on the page except comments) into a skeleton, kept in the cache with a marker
where each reader's own parts go:

- `account`: the header's sign-in links, or the reader's name and Sign out;
- `messages`: the one-time messages of this reader's session;
- `comment_count`: the byline's link to the comments;
- `reader_box`: the poll results and the reaction box, with this reader's choices;
- `comments`: the comments section, with this reader's forms.

Each request fetches the listicle (one short query: a draft or a missing one answers 404 as
before), takes the skeleton, renders those parts and joins them in. The CSRF token goes where
the page cache's placeholder is; the reader's own pick in the poll is marked on its button. A
skeleton is used until the next edit, or `ARTICLE_SKELETON_SECONDS` at most, cut short by the next
scheduled publication (its related reading may gain that article), or to 10 seconds when a
picture on it was shown as its original because its renditions were still being made. When it
is out of date, one request renders it again while the others use the previous one, as in the
page cache.

Previews render the same template in one piece (`ListiclePageMixin.get_listicle_context`).
"""

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe

from pictures import renditions

from . import page_cache, reactions
from .comment_views import comments_context
from .models import Listicle

FILLS = ("account", "messages", "comment_count", "reader_box", "comments")
MARK = "<!--fill:{}-->"
SPLIT = re.compile(r"<!--fill:(\w+)-->|" + re.escape(page_cache.PLACEHOLDER))
TOKEN = None  # the name of the CSRF token's place among a skeleton's segments
LOCK_SECONDS = 10
INCOMPLETE_SECONDS = 10
LOCAL_BOXES = 500
_boxes = {}


@dataclass(frozen=True)
class EntryRef:
    """What the poll needs of an entry: the page's skeleton carries these instead of the entries."""

    pk: int
    display_heading: str


@dataclass(frozen=True)
class Skeleton:
    segments: list  # literal HTML at even places; at odd ones a fill's name, or TOKEN
    numbered: list  # (number, EntryRef) pairs in reading order


def marks(listicle):
    """The markers the skeleton's template prints where each reader's own parts go (`fill`)."""
    shown = {name: mark_safe(MARK.format(name)) for name in FILLS}  # noqa: S308 - fixed markers
    if not listicle.allow_comments:
        shown["comments"] = shown["comment_count"] = ""
    return shown


def _parse(html):
    return SPLIT.split(html)


def _key(request, listicle):
    site = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:16]
    return f"article:{listicle.pk}:{site}"


def skeleton(view, listicle):
    """The stored skeleton of `listicle`'s page, rendered first if it is missing or out of date."""
    key = _key(view.request, listicle)
    found = cache.get_many([page_cache.CONTENT_KEY, key + page_cache.META])
    current = found.get(page_cache.CONTENT_KEY) or page_cache.version(page_cache.CONTENT_KEY)
    meta = found.get(key + page_cache.META)
    segments = page_cache.kept(key, meta, "html", _parse) if meta else None
    if segments is not None:
        stored = Skeleton(segments, meta["numbered"])
        if meta["version"] == current and time.time() < meta["fresh_until"]:
            return stored
        if not cache.add(key + ":rendering", 1, timeout=LOCK_SECONDS):
            return stored  # another request is rendering it now
    try:
        return _render(view, listicle.pk, key, current)
    finally:
        if segments is not None:
            cache.delete(key + ":rendering")


def _render(view, pk, key, current):
    listicle = Listicle.objects.for_page().get(pk=pk)
    context = view.get_article_context(listicle)
    poll = {"mine": None} if listicle.poll_question else None  # every reader's button unpressed
    context |= {"fill": marks(listicle), "poll": poll, "csrf_token": page_cache.PLACEHOLDER}
    originals = renditions.originals_shown
    html = render_to_string(view.template_name, context)  # no request: nothing of a reader's in it
    # A picture shown as its original while another request makes its renditions: soon again.
    lifetime = page_cache.kept_at_most(settings.ARTICLE_SKELETON_SECONDS)
    if renditions.originals_shown != originals:
        lifetime = min(lifetime, INCOMPLETE_SECONDS)
    entries = context["entries"]
    now = time.time()
    meta = {
        "version": current,
        "fresh_until": page_cache.fresh_until(now, lifetime),
        "etag": hashlib.sha256(html.encode()).hexdigest()[:32],
        "numbered": [(number, EntryRef(entry.pk, entry.display_heading)) for number, entry in entries],
    }
    timeout = settings.ARTICLE_SKELETON_SECONDS + page_cache.STALE_SECONDS
    cache.set_many({key: meta | {"html": html}, key + page_cache.META: meta}, timeout=timeout)
    return Skeleton(page_cache.keep(meta["etag"], _parse(html)), meta["numbered"])


def reader_parts(request, listicle, numbered):
    """This reader's own parts of the page, rendered; and whether the page is theirs alone.

    The parts are rendered with what their templates read of the request given (the reader, the
    request, their messages, this response's CSRF token), rather than through the context
    processors five times over; the one token of the response is made from one random read.
    """
    token = page_cache.csrf_token(request)
    context = {
        "listicle": listicle,
        "request": request,
        "user": request.user,
        "messages": get_messages(request),
        "csrf_token": token,
        **reactions.page_context(request, listicle, numbered),
    }
    if listicle.allow_comments:
        context |= comments_context(request, listicle, token=token)

    def part(template):
        return render_to_string(template, context)

    parts = {
        "account": part("includes/account_nav.html"),
        "messages": part("includes/messages.html"),
        "reader_box": reader_box(context, part),
        "comment_count": "",
        "comments": "",
        TOKEN: token,
    }
    if listicle.allow_comments:
        parts["comment_count"] = part("articles/includes/comment_count.html")
        parts["comments"] = part("articles/includes/comments.html")
    mine = context["poll"].mine if context["poll"] else None
    return parts, mine, context["reader_is_known"]


def reader_box(context, part):
    """The poll and the reaction box. What a reader nobody knows sees depends on the counts alone:
    kept in this process under everything it shows, with the token's placeholder, and rendered
    only when that changes."""
    if context["reader_is_known"]:
        return part("articles/includes/reactions.html")
    box, poll = context["reaction_box"], context["poll"]
    shown = (
        context["listicle"].pk,
        context["listicle"].slug,
        box
        and (
            box.total,
            tuple((row.kind.slug, row.kind.label, row.kind.emoji, row.count, row.share) for row in box.kinds),
        ),
        poll
        and (
            poll.question,
            poll.show_results,
            poll.total,
            tuple(
                (r.number, r.entry.pk, r.entry.display_heading, r.votes, r.share, r.is_leader)
                for r in poll.results
            ),
        ),
    )
    html = _boxes.get(shown)
    if html is None:
        if len(_boxes) >= LOCAL_BOXES:
            _boxes.pop(next(iter(_boxes)))
        html = _boxes[shown] = render_to_string(
            "articles/includes/reactions.html", context | {"csrf_token": page_cache.PLACEHOLDER}
        )
    return html.replace(page_cache.PLACEHOLDER, context["csrf_token"])


def with_pick(html, mine):
    """The page with the reader's own pick pressed (the skeleton has every button unpressed)."""
    pick = f'data-pick="{mine}" aria-pressed='
    html = html.replace(pick + '"false"', pick + '"true"', 1)
    return html.replace(f'data-pick-mine="{mine}" hidden', f'data-pick-mine="{mine}"', 1)


def respond(view, listicle):
    """The article page for this request: the skeleton with this reader's parts joined in."""
    page = skeleton(view, listicle)
    parts, mine, reader_is_known = reader_parts(view.request, listicle, page.numbered)
    segments = page.segments
    html = "".join(segment if place % 2 == 0 else parts[segment] for place, segment in enumerate(segments))
    if mine is not None:
        html = with_pick(html, mine)
    response = HttpResponse(html)
    patch_vary_headers(response, ["Cookie"])
    if reader_is_known:  # their own reaction and vote are on it: never shared
        patch_cache_control(response, private=True)
    return response

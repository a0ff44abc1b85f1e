"""The reader's own part of a public page: one small private request per page view.

Public pages are the same bytes for everyone (`articles.public`); `static/js/reader.js` asks
`GET /article/<id>/<slug>/me/` (`articles:me`) on an article, `GET /accounts/me/` (`accounts:me`)
on any other page, and puts the answer in: the header's name and Sign out, the one-time messages,
the reader's reaction and vote with fresh counts, and on the comments what is theirs (their
comments waiting for a moderator, which only they see; edit and delete on their own), what they
liked and flagged, and whether they may post. The answer sets the `csrftoken` cookie that scripts
send back as `X-CSRFToken` (Django's documented way for AJAX), and is `private, no-store`:
no shared cache keeps it, no browser reuses it.
"""

from django.contrib.messages import get_messages
from django.db.models import IntegerField, Value
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone

from accounts.names import public_name_of
from soompi import versioned

from . import comments, polls, reactions, readers
from .comment_html import CommentRenderer
from .models import Comment, CommentFlag, CommentLike, CommentStatus, Reaction, Vote
from .page_invalidation import article_version
from .polls import UNKNOWN

OWN_COMMENTS = 200  # the newest of a reader's own comments on one article that the answer marks


def account(request):
    """Who is signed in, and their messages: what every page's header shows."""
    user = request.user
    data = {
        "signed_in": user.is_authenticated,
        "name": public_name_of(user) if user.is_authenticated else None,
        "profile_url": reverse("accounts:profile"),
        "logout_url": reverse("account_logout"),
        "messages": [
            {"level": message.tags or "info", "text": str(message)} for message in get_messages(request)
        ],
    }
    get_token(request)  # the csrftoken cookie, set or refreshed with this answer
    return data


def article(request, listicle, reader):
    """`account` and the reader's own state on `listicle`'s page: what they chose and which
    comments are theirs, liked or flagged come from one query (`own_rows`); the counts are kept
    per change (`articles.kept`)."""
    data = account(request)
    rows = own_rows(listicle, reader, request.user)
    data["reactions"] = None
    if listicle.allow_reactions:
        own_kind_id = next(iter(rows[REACTION]), None) if reader is not None and reader.is_known else UNKNOWN
        data["reactions"] = reactions.box(listicle, reader, own_kind_id=own_kind_id).as_json()
    poll = None
    if listicle.poll_question:
        mine = next(iter(rows[VOTE]), None) if reader is not None and reader.is_known else UNKNOWN
        poll = polls.poll(listicle, reader, poll_entries(listicle), mine=mine).as_json()
    data["poll"] = poll
    data["comments"] = comment_state(request, listicle, rows) if listicle.allow_comments else None
    return data


REACTION, VOTE, LIKED, FLAGGED, OWN = range(5)


def own_rows(listicle, reader, user):
    """{REACTION: kind ids, VOTE: entry ids, LIKED, FLAGGED, OWN: comment ids} of this reader on
    `listicle`: one query, a UNION of the five (a reader nobody knows: none)."""
    found = {what: set() for what in (REACTION, VOTE, LIKED, FLAGGED, OWN)}
    parts = []
    if reader is not None and reader.is_known:
        mine = {"listicle": listicle, **reader.lookup()}
        parts += [_tagged(Reaction.objects.filter(**mine), REACTION, "kind_id")]
        parts += [_tagged(Vote.objects.filter(**mine), VOTE, "entry_id")]
    if user.is_authenticated and listicle.allow_comments:
        theirs = {"comment__listicle": listicle, "user": user}
        parts += [_tagged(CommentLike.objects.filter(**theirs), LIKED, "comment_id")]
        parts += [_tagged(CommentFlag.objects.filter(**theirs), FLAGGED, "comment_id")]
        own = Comment.objects.filter(listicle=listicle, user=user, deleted__isnull=True).exclude(
            status__in=[CommentStatus.HIDDEN, CommentStatus.REMOVED]
        )
        parts += [_tagged(own, OWN, "pk")]
    if parts:
        for what, pk in parts[0].union(*parts[1:], all=True):
            found[what].add(pk)
    return found


def _tagged(queryset, what, field):
    return queryset.order_by().values_list(Value(what, output_field=IntegerField()), field)


def poll_entries(listicle):
    """The poll's (number, entry) pairs, read once per change of the article."""
    return versioned.read(
        f"poll-entries:{listicle.pk}",
        lambda: listicle.numbered(listicle.entries.select_related("drama")),
        version=article_version(listicle.pk),
    )


def comment_state(request, listicle, rows):
    """What is the reader's own among `listicle`'s comments (nothing for a reader not signed in);
    `rows` are `own_rows`: the comments' own details are read only when the reader has some."""
    user = request.user
    state = {"may_post": False, "refusal": None, "liked": [], "flagged": [], "own": {}, "pending": []}
    if not user.is_authenticated:
        state["refusal"] = "Sign in to take part in the discussion."
        return state
    try:
        comments.check_may_comment(user)
        state["may_post"] = True
    except comments.CommentRefused as refusal:
        state["refusal"] = refusal.message
    state["liked"], state["flagged"] = sorted(rows[LIKED]), sorted(rows[FLAGGED])
    if not rows[OWN]:
        return state
    own = list(
        Comment.objects.filter(pk__in=rows[OWN])
        .select_related("user__reader_profile", "parent__user__reader_profile")
        .order_by("-created")[:OWN_COMMENTS]
    )
    now = timezone.now()
    for comment in own:
        state["own"][comment.pk] = {
            "editable": comments.can_edit(comment, user, now),
            "body": comment.body,
            "spoiler": comment.spoiler,
        }
    waiting = [comment for comment in reversed(own) if comment.status == CommentStatus.PENDING]
    if waiting:
        renderer = CommentRenderer(listicle)
        for comment in waiting:
            comment.like_total, comment.liked, comment.flagged, comment.editable = 0, False, False, True
            state["pending"].append(
                {
                    "id": comment.pk,
                    "thread": comment.thread_id,
                    "html": renderer.one(comment, thread=comment.thread_id is None),
                }
            )
    return state


def identify(request):
    """The reader, or None for a forged reader cookie (the view answers 400 and clears it)."""
    try:
        return readers.identify(request)
    except readers.TamperedCookie:
        return None

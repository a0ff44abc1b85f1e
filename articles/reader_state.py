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

from functools import lru_cache

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from accounts.signed_in import account

from . import comments, polls, reactions, readers, sql_rows
from .comment_html import CommentRenderer
from .models import TAKEN_DOWN, Comment, CommentFlag, CommentLike, CommentStatus, Reaction, Vote
from .polls import UNKNOWN
from .reader_posts import record

OWN_COMMENTS = 200  # the newest of a reader's own comments on one article that the answer marks


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
        poll = polls.poll(listicle, reader, polls.kept_entries(listicle), mine=mine).as_json()
    data["poll"] = poll
    data["comments"] = comment_state(request, listicle, rows) if listicle.allow_comments else None
    return data


def kept_reads(pk):
    """What `article` may read of what is kept per article (`soompi.versioned`): the record the
    view checks, the reaction kinds and counts, the poll's entries and vote counts. The view reads
    them in one cache round trip (`versioned.gathered`)."""
    key, _, version = record(pk)
    kept = (reactions.box_kept_as, polls.entries_kept_as, polls.counts_kept_as)
    return {key: version} | dict(kept_as(pk) for kept_as in kept)


REACTION, VOTE, LIKED, FLAGGED, OWN, OWN_WAITING = range(6)
EDITABLE = {CommentStatus.PUBLISHED, CommentStatus.PENDING}
OWN_FIELDS = ("body", "spoiler", "status", "created")


def own_rows(listicle, reader, user):
    """{REACTION: kind ids, VOTE: entry ids, LIKED, FLAGGED: comment ids, OWN, OWN_WAITING: {comment
    id: (body, spoiler, status, created)}} of this reader on `listicle`, their own comments the
    `OWN_COMMENTS` newest: one query, a UNION of the five (a reader nobody knows: none)."""
    found = {what: set() for what in (REACTION, VOTE, LIKED, FLAGGED)} | {OWN: {}, OWN_WAITING: {}}
    if reader is None or not reader.is_known:
        return found
    by_user = reader.user is not None
    with_comments = by_user and listicle.allow_comments
    params = [listicle.pk, reader.user.pk if by_user else reader.key] * 2
    if with_comments:
        own = [CommentStatus.PENDING, listicle.pk, user.pk, *TAKEN_DOWN]
        params = [*own, OWN_COMMENTS, *params, *[listicle.pk, user.pk] * 2]
    connection = connections[router.db_for_read(Reaction)]
    with connection.cursor() as cursor:
        cursor.execute(_own_rows_sql(by_user, with_comments), params)
        rows = cursor.fetchall()
    details = sql_rows.converters(_own_fields(), connection) if with_comments else {}
    for what, pk, *own in rows:
        if what in (OWN, OWN_WAITING):
            (found[what][pk],) = (tuple(row) for row in sql_rows.converted([own], details, connection))
        else:
            found[what].add(pk)
    return found


@lru_cache(maxsize=1)
def _own_fields():
    return [Comment._meta.get_field(name) for name in OWN_FIELDS]


@lru_cache(maxsize=4)
def _own_rows_sql(by_user, with_comments):
    """The UNION behind `own_rows`, written once per shape: compiling it from five querysets cost
    several times what running it does, on the private request every page view makes."""
    reaction, vote, like, flag, comment = (
        model._meta.db_table for model in (Reaction, Vote, CommentLike, CommentFlag, Comment)
    )
    who = "user_id = %s" if by_user else "user_id IS NULL AND reader = %s"
    # The reader's own comments come first and with their details: the columns take their types
    # from them (PostgreSQL types a NULL column by the first part that is not NULL), the others
    # fill them with NULLs.
    pad = ", NULL, NULL, NULL, NULL" if with_comments else ""
    parts = [
        f"SELECT {REACTION}, kind_id{pad} FROM {reaction} WHERE listicle_id = %s AND {who}",  # noqa: S608
        f"SELECT {VOTE}, entry_id{pad} FROM {vote} WHERE listicle_id = %s AND {who}",  # noqa: S608
    ]
    if with_comments:
        details = ", ".join(OWN_FIELDS)
        own = (
            f"SELECT CASE WHEN status = %s THEN {OWN_WAITING} ELSE {OWN} END, id, {details} FROM {comment}"  # noqa: S608
            " WHERE listicle_id = %s AND user_id = %s AND deleted IS NULL"
            f" AND status NOT IN ({', '.join(['%s'] * len(TAKEN_DOWN))})"
            " ORDER BY created DESC LIMIT %s"
        )
        on_article = f"JOIN {comment} c ON c.id = m.comment_id WHERE c.listicle_id = %s AND m.user_id = %s"
        parts = [
            f"SELECT * FROM ({own}) own",  # noqa: S608
            *parts,
            f"SELECT {LIKED}, m.comment_id{pad} FROM {like} m {on_article}",  # noqa: S608
            f"SELECT {FLAGGED}, m.comment_id{pad} FROM {flag} m {on_article}",  # noqa: S608
        ]
    # Table names come from the models and the tags are constants: only %s carries a value.
    return " UNION ALL ".join(parts)


def comment_state(request, listicle, rows):
    """What is the reader's own among `listicle`'s comments (nothing for a reader not signed in);
    `rows` are `own_rows`: the comments waiting for a moderator, which are shown to their author
    alone, are read whole, and only when there are some."""
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
    own = sorted((rows[OWN] | rows[OWN_WAITING]).items(), key=lambda item: item[1][3], reverse=True)
    now = timezone.now()
    for pk, (body, spoiler, status, created) in own:
        editable = status in EDITABLE and now - created <= settings.COMMENT_EDIT_WINDOW  # comments.can_edit
        state["own"][pk] = {"editable": editable, "body": body, "spoiler": spoiler}
    if rows[OWN_WAITING]:  # rendered for their author alone, oldest first
        waiting = Comment.objects.filter(pk__in=rows[OWN_WAITING]).order_by("created", "pk")
        waiting = waiting.select_related("user__reader_profile", "parent__user__reader_profile")
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

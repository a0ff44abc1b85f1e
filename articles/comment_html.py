"""Comments as HTML: each comment's own part rendered once per edit, the actions once per page.

A comment on the page is its head (`comments_item_head.html`: author, who it replies to, time,
badges, body) and its actions (`comments_item_actions.html`: like, reply and flag; edit and delete
for its author).

- The head shows the comment alone, so it is kept under a hash of everything it shows (and of the
  template): an edit, a moderation decision or a renamed author makes a new key and nothing ever
  needs invalidating. Heads are kept in this process and in the shared cache, fetched for a whole
  page in one round trip. The relative time ("3 hours ago") is filled in on each page.
- The actions of a comment differ only in its id, like count, author's name and, for the reader's
  own, its text (in the edit form); and in its shape: whose it is, its status, whether this reader
  liked or flagged it, whether it may still be edited, whether it is marked as a spoiler. They are rendered
  once per page and shape for a stand-in comment and copied for each comment with its values.

`tests/articles/test_comment_html.py` holds the copies to what rendering each comment in full
gives.
"""

import hashlib
import re
from datetime import datetime
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

HEAD = "articles/includes/comments_item_head.html"
ACTIONS = "articles/includes/comments_item_actions.html"
AGO = "<!--ago-->"
STAND_IN_PK = 7391827364501
STAND_IN_LIKES = 7391827364502
STAND_IN_NAME = "stand-in-commenter-name"
STAND_IN_BODY = "stand-in-comment-body"
STAND_IN_VALUES = (str(STAND_IN_PK), str(STAND_IN_LIKES), STAND_IN_NAME, STAND_IN_BODY)
# One group: splitting a stand-in on it keeps each value's place.
STAND_INS = re.compile("({})".format("|".join(map(re.escape, STAND_IN_VALUES))))
LOCAL_HEADS = 5000  # heads kept in this process (oldest dropped first)
_heads = {}
_template_version = {}


def template_version():
    """A hash of the head template, so a changed template never meets heads kept from the old one."""
    if "head" not in _template_version:
        source = get_template(HEAD).template.source
        _template_version["head"] = hashlib.sha256(source.encode()).hexdigest()[:12]
    return _template_version["head"]


def relative_time(created, now):
    """`naturaltime`, computed once per distinct age: within a day it depends on the age alone
    (seconds, minutes, hours); beyond, on the age in hours and the day of writing."""
    seconds = int((now - created).total_seconds())
    if seconds < 60:
        bucket = ("s", seconds)
    elif seconds < 3600:
        bucket = ("m", seconds // 60)
    elif seconds < 86400:
        bucket = ("h", seconds // 3600)
    else:
        bucket = ("d", seconds // 3600, created.date())
    text = _ages.get(bucket)
    if text is None:
        if len(_ages) >= LOCAL_HEADS:
            _ages.clear()
        text = _ages[bucket] = str(naturaltime(created))
    return text


_ages = {}


def head_key(shown):
    """A head's key in the shared cache: a hash of what it shows (times written out, the same in
    every process) and of the template."""
    written = tuple(value.isoformat() if isinstance(value, datetime) else value for value in shown)
    return "comment-head:" + hashlib.sha256(repr((written, template_version())).encode()).hexdigest()


class CommentRenderer:
    """Renders the comments of one page as every reader sees them (the reader's own likes, flags
    and comments are marked by `static/js/comments.js` from the private `articles:me` request)."""

    def __init__(self, listicle):
        self.listicle = listicle
        self.user = AnonymousUser()
        self.now = timezone.now()
        login = reverse("account_login")
        self.reply_sign_in = f"{login}?{urlencode({'next': listicle.get_absolute_url()})}"
        self.stand_ins = {}
        self.time_zone = timezone.get_current_timezone_name()

    # The list and its threads

    def threads(self, roots):
        comments = [comment for root in roots for comment in (root, *root.reply_list)]
        heads = self.heads(comments)
        parts = []
        for root in roots:
            replies = "".join(f"\n      <li>{self.item(reply, heads)}</li>" for reply in root.reply_list)
            parts.append(self.thread(root, self.item(root, heads), replies))
        return mark_safe("\n".join(parts))  # noqa: S308 - rendered by the templates above

    def thread(self, root, item, replies=""):
        return (
            f'<li class="comment-thread" id="thread-{root.pk}">\n  {item}\n'
            f'  <ol class="comment-thread__replies" data-reply-list>{replies}\n  </ol>\n</li>'
        )

    def one(self, comment, *, thread=False):
        """One comment (a new thread's root with its empty reply list when `thread`): for the
        JSON answers of the write views."""
        comment.reply_list = getattr(comment, "reply_list", [])
        item = self.item(comment, self.heads([comment]))
        return mark_safe(self.thread(comment, item) if thread else item)  # noqa: S308

    def item(self, comment, heads):
        head = heads[comment.pk].replace(AGO, relative_time(comment.created, self.now), 1)
        return f"{head}{self.actions(comment)}</article>"

    # Heads: per edit, shared

    def shown(self, comment):
        """Everything a comment's head shows: kept heads are found by it."""
        return (
            comment.pk,
            comment.status,
            comment.is_deleted,
            comment.spoiler,
            comment.body,
            comment.created,
            comment.edited,
            "" if comment.is_deleted else comment.author,
            comment.replying_to,
            self.time_zone,
        )

    def heads(self, comments):
        """{comment id: head} for `comments`: from this process, else the cache, else rendered."""
        shown = {comment.pk: self.shown(comment) for comment in comments}
        found = {pk: _heads[what] for pk, what in shown.items() if what in _heads}
        missing = [pk for pk in shown if pk not in found]
        if missing:
            keys = {head_key(shown[pk]): pk for pk in missing}
            found |= {keys[key]: head for key, head in cache.get_many(list(keys)).items()}
            by_pk = {comment.pk: comment for comment in comments}
            rendered = {
                pk: render_to_string(HEAD, {"comment": by_pk[pk], "ago": mark_safe(AGO)})  # noqa: S308
                for pk in missing
                if pk not in found
            }
            if rendered:
                new = {key: rendered[pk] for key, pk in keys.items() if pk in rendered}
                cache.set_many(new, timeout=None)
                found |= rendered
            if len(_heads) + len(missing) > LOCAL_HEADS:
                _heads.clear()
            _heads.update((shown[pk], found[pk]) for pk in missing)
        return found

    # Actions: per reader

    def actions(self, comment):
        if comment.is_deleted:
            return ""
        own = self.user.is_authenticated and comment.user_id == self.user.pk
        flagged = getattr(comment, "flagged", False) and not own  # pages kept before flags were read
        shape = (
            own,
            comment.status,
            comment.liked,
            comment.editable and own,
            comment.spoiler and own,
            flagged,
        )
        values = {
            str(STAND_IN_PK): str(comment.pk),
            str(STAND_IN_LIKES): str(comment.like_total),
            STAND_IN_NAME: escape(comment.author),
            STAND_IN_BODY: escape(comment.body) if own else "",
        }
        # What a reader typed goes in between the stand-in's pieces and is never searched again.
        pieces = self.stand_in(shape)
        return "".join(piece if place % 2 == 0 else values[piece] for place, piece in enumerate(pieces))

    def stand_in(self, shape):
        """The actions of a stand-in comment of this shape (whose, status, liked by this reader,
        editable, spoiler, flagged by this reader), rendered once per page and split where its
        values go."""
        if shape not in self.stand_ins:
            own, status, liked, editable, spoiler, flagged = shape
            comment = SimpleNamespace(
                pk=STAND_IN_PK,
                like_total=STAND_IN_LIKES,
                liked=liked,
                flagged=flagged,
                author=STAND_IN_NAME,
                user_id=self.user.pk if own else None,
                status=status,
                is_deleted=False,
                editable=editable,
                spoiler=spoiler,
                body=STAND_IN_BODY,
            )
            self.stand_ins[shape] = STAND_INS.split(self.render_actions(comment))
        return self.stand_ins[shape]

    def render_actions(self, comment):
        context = {"comment": comment, "listicle": self.listicle, "reply_sign_in": self.reply_sign_in}
        return render_to_string(ACTIONS, context)

"""Comments as HTML: each comment's own part rendered once per page, the actions copied per comment.

A comment on the page is its head (`comments_item_head.html`: author, who it replies to, time,
badges, body) and its actions (`comments_item_actions.html`: like, reply and flag; edit and delete
for its author).

- The head shows the comment alone; it is written out in Python (`head_html`), held byte for byte
  to `comments_item_head.html` by `tests/comments/test_comment_heads.py` (change both together).
  Its time is written as a date ("May 12, 2017, 18:00 KST"), which `static/js/comments.js` shows
  as "3 hours ago" and keeps current; so a page's bytes change only when its comments do, and a
  page of comments rendered once is kept whole under the article's comments version
  (`comments.views.public_threads`, through `soompi.versioned`); nothing is kept in the process.
- The actions of a comment differ only in its id, like count, author's name and, for the reader's
  own, its text (in the edit form); and in its shape: whose it is, its status, whether this reader
  liked or flagged it, whether it may still be edited, whether it is marked as a spoiler. They are rendered
  once per page and shape for a stand-in comment and copied for each comment with its values.
- A thread shows its first `COMMENT_REPLIES_SHOWN` replies; the rest are behind "Show N more
  replies", a link to the thread's replies (`articles:comment_replies`) that `static/js/comments.js`
  follows in place (`data-more-replies`: the HTML fragment's address).

`tests/comments/test_comment_html.py` holds the copies to what rendering each comment in full
gives.
"""

import re
from html import escape as html_escape
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from .templatetags.comments import comment_body, local_long_time, long_time

HEAD = "comments/includes/comments_item_head.html"
ACTIONS = "comments/includes/comments_item_actions.html"
STAND_IN_PK = 7391827364501
STAND_IN_LIKES = 7391827364502
STAND_IN_NAME = "stand-in-commenter-name"
STAND_IN_BODY = "stand-in-comment-body"
STAND_IN_VALUES = (str(STAND_IN_PK), str(STAND_IN_LIKES), STAND_IN_NAME, STAND_IN_BODY)
# One group: splitting a stand-in on it keeps each value's place.
STAND_INS = re.compile("({})".format("|".join(map(re.escape, STAND_IN_VALUES))))
STAND_IN_KEYS = dict(zip(STAND_IN_VALUES, ("pk", "likes", "name", "body"), strict=True))


def escape(text):
    """Django's `escape` (`html.escape` of the text), without its lazy-string wrapper: a page
    escapes some 200 names and times."""
    return html_escape(str(text))


def head_html(comment):
    """`comments_item_head.html` rendered for `comment`, written out in Python: a page has up to
    80 heads and the template engine's lookups made them a third of a cold render.
    `tests/comments/test_comment_heads.py` holds it to the template for every shape of head."""
    deleted, pending = comment.is_deleted, comment.status == "pending"
    classes = "comment" + (" comment--pending" if pending else "") + (" comment--deleted" if deleted else "")
    replying = comment.replying_to
    replying = (
        f'\n      <span class="comment__replying">replying to @{escape(replying)}</span>\n    '
        if replying
        else ""
    )
    edited = ""
    if comment.edited and not deleted:
        edited = (
            f'<span class="comment__edited" title="Edited {escape(long_time(comment.edited))}">edited</span>'
        )
    badge = '<span class="comment__badge">Awaiting moderation</span>' if pending else ""
    if deleted:
        body = '\n    <p class="comment__body comment__body--deleted">[deleted]</p>\n  '
    elif comment.spoiler:
        body = (
            '\n    <details class="comment__spoiler">\n      <summary>Spoiler — '
            '<span class="comment__spoiler-show">show</span> <span class="comment__spoiler-hide">hide</span>'
            "</summary>\n"
            f'      <div class="comment__body">{comment_body(comment.body)}</div>\n    </details>\n  '
        )
    else:
        body = f'\n    <div class="comment__body">{comment_body(comment.body)}</div>\n  '
    pk = comment.pk
    created = template_localtime(comment.created)  # once for both of `iso_time` and `long_time`
    when = escape(local_long_time(created))
    return (
        f'\n<article class="{classes}" id="comment-{pk}" data-comment>\n  <header class="comment__meta">\n'
        f'    <span class="comment__author">{"[deleted]" if deleted else escape(comment.author)}</span>\n'
        f'    {replying or ""}\n    <a class="comment__time" href="#comment-{pk}"><time datetime="'
        f'{escape(created.isoformat())}" title="{when}">{when}</time></a>\n'
        f"    {edited}\n    {badge}\n  </header>\n  {body}\n"
    )


class CommentRenderer:
    """Renders the comments of one page as every reader sees them (the reader's own likes, flags
    and comments are marked by `static/js/comments.js` from the private `articles:me` request)."""

    def __init__(self, listicle):
        self.listicle = listicle
        self.user = AnonymousUser()
        login = reverse("account_login")
        self.reply_sign_in = f"{login}?{urlencode({'next': listicle.get_absolute_url()})}"
        self.stand_ins = {}
        self.replies_address = reverse("articles:comment_replies", args=[STAND_IN_PK])

    # The list and its threads

    def threads(self, roots):
        """The threads' HTML."""
        comments = [comment for root in roots for comment in (root, *root.reply_list)]
        heads = self.heads(comments)
        parts = []
        for root in roots:
            replies = self.replies(root.reply_list, heads)
            parts.append(self.thread(root, self.item(root, heads), replies, self.more(root)))
        return mark_safe("\n".join(parts))  # noqa: S308 - rendered by the templates above

    def replies(self, replies, heads=None):
        """The `<li>` items of `replies` (a thread's reply list, or a page of it)."""
        heads = self.heads(replies) if heads is None else heads
        return "".join(f"\n      <li>{self.item(reply, heads)}</li>" for reply in replies)

    def thread(self, root, item, replies="", more=""):
        return (
            f'<li class="comment-thread" id="thread-{root.pk}">\n  {item}\n'
            f'  <ol class="comment-thread__replies" data-reply-list>{replies}\n  </ol>{more}\n</li>'
        )

    def replies_url(self, root_pk, page=1):
        """The thread's replies page (`articles:comment_replies`), the `page`-th."""
        url = self.replies_address.replace(str(STAND_IN_PK), str(root_pk))
        return url if page == 1 else f"{url}?page={page}"

    def more(self, root, *, page=1, left=None):
        """ "Show N more replies": a link to the thread's replies (`page`), which comments.js
        fetches in place as a fragment; "" when the thread shows them all."""
        left = root.more_replies if left is None else left
        if left <= 0:
            return ""
        url = self.replies_url(root.pk, page)
        fragment = url + ("&" if "?" in url else "?") + "fragment=1"
        label = f"Show {left} more repl{'y' if left == 1 else 'ies'}"
        return (
            f'\n  <p class="comment-thread__more"><a href="{escape(url)}#replies" '
            f'data-more-replies="{escape(fragment)}">{label}</a></p>'
        )

    def one(self, comment, *, thread=False):
        """One comment (a new thread's root with its empty reply list when `thread`): for the
        JSON answers of the write views."""
        comment.reply_list = getattr(comment, "reply_list", [])
        item = self.item(comment, self.heads([comment]))
        return mark_safe(self.thread(comment, item) if thread else item)  # noqa: S308

    def item(self, comment, heads):
        return f"{heads[comment.pk]}{self.actions(comment)}</article>"

    # Heads

    def heads(self, comments):
        """{comment id: head} for `comments`."""
        return {comment.pk: head_html(comment) for comment in comments}

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
            "pk": comment.pk,
            "likes": comment.like_total,
            "name": escape(comment.author),
            "body": escape(comment.body) if own else "",
        }
        # What a reader typed is put in by one %-formatting, and never searched again.
        return self.stand_in(shape) % values

    def stand_in(self, shape):
        """The actions of a stand-in comment of this shape (whose, status, liked by this reader,
        editable, spoiler, flagged by this reader), rendered once per page and made a %-format
        with the comment's values (`STAND_IN_KEYS`) where the stand-in's were."""
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
            pieces = STAND_INS.split(self.render_actions(comment))
            self.stand_ins[shape] = "".join(
                piece.replace("%", "%%") if place % 2 == 0 else f"%({STAND_IN_KEYS[piece]})s"
                for place, piece in enumerate(pieces)
            )
        return self.stand_ins[shape]

    def render_actions(self, comment):
        context = {"comment": comment, "listicle": self.listicle, "reply_sign_in": self.reply_sign_in}
        return render_to_string(ACTIONS, context)

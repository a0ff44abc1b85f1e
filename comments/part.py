"""The comments on an article's pages (`articles.reader_parts`).

Registered by `apps.py`: the public page shows the first page of threads as every reader sees it,
with the posting form and the count in the byline, and the listings count each article's published
comments; `articles:me` says which comments are the reader's own (those waiting for a moderator,
which only they see, rendered for them), which they liked and flagged, and whether they may post;
the `comment` confirm and done steps serve a reader without JavaScript; a write on the comments
purges the article's pages of threads and of replies (`articles.purges`).
"""

import math

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from articles.page_invalidation import COMMENT_PAGES
from articles.purges import PAGES_PURGED_AT_MOST
from articles.reader_parts import ArticlePart, OwnRows

from . import comments, steps
from .html import CommentRenderer
from .models import TAKEN_DOWN, Comment, CommentFlag, CommentLike, CommentStatus
from .views import comments_context

OWN_COMMENTS = 200  # the newest of a reader's own comments on one article that the answer marks
EDITABLE = {CommentStatus.PUBLISHED, CommentStatus.PENDING}
OWN_FIELDS = ("body", "spoiler", "status", "created")


class CommentsPart(ArticlePart):
    template_name = "comments/includes/part.html"
    byline_template = "comments/includes/comment_count.html"
    scripts = ("js/comments.js",)
    actions = ("comment",)

    def page_context(self, request, listicle, entries):
        return comments_context(request, listicle) if listicle.allow_comments else {}

    def scripts_on(self, listicle):
        return self.scripts if listicle.allow_comments else ()

    def listing(self, listicles):
        return comments.with_comment_counts(listicles)

    def reader(self, request):
        return request.user  # comments are an account's: anyone else only reads them

    def own_rows(self, listicle, user):
        """The reader's own comments (the `OWN_COMMENTS` newest, with their details), the ones they
        liked and the ones they flagged, in that order."""
        if not (user.is_authenticated and listicle.allow_comments):
            return []
        comment = Comment._meta.db_table
        details = tuple(Comment._meta.get_field(name) for name in OWN_FIELDS)
        taken_down = ", ".join(["%s"] * len(TAKEN_DOWN))
        own = OwnRows(
            "id",
            comment,
            f"listicle_id = %s AND user_id = %s AND deleted IS NULL AND status NOT IN ({taken_down})",
            (listicle.pk, user.pk, *TAKEN_DOWN, OWN_COMMENTS),
            details=details,
            tail="ORDER BY created DESC LIMIT %s",
        )
        marked = [
            OwnRows(
                "m.comment_id",
                f"{model._meta.db_table} m JOIN {comment} c ON c.id = m.comment_id",
                "c.listicle_id = %s AND m.user_id = %s",
                (listicle.pk, user.pk),
            )
            for model in (CommentLike, CommentFlag)
        ]
        return [own, *marked]

    def own_state(self, request, listicle, user, rows):
        return {"comments": comment_state(request, listicle, rows) if listicle.allow_comments else None}

    def confirm(self, request, listicle, action, data):
        return steps.confirm_context(request, listicle, data)

    def done(self, request, listicle, action, reader):
        return steps.done_context(request, listicle)

    def addresses(self, listicle, scope, threads):
        """The article page as each sort of its comments links to it, and from `COMMENT_PAGES` on,
        its pages of threads and of their replies."""
        url = listicle.get_absolute_url()
        urls = {f"{url}?sort={sort}" for sort in comments.SORTS}
        if scope >= COMMENT_PAGES:
            urls |= comment_pages(listicle, threads)
        return urls

    def old_addresses(self, listicle, slug):
        url = reverse("articles:detail", args=[listicle.pk, slug])
        return {reverse("articles:comments", args=[listicle.pk, slug])} | {
            f"{url}?sort={sort}" for sort in comments.SORTS
        }


def comment_state(request, listicle, rows):
    """What is the reader's own among `listicle`'s comments (nothing for a reader not signed in);
    `rows` are what `own_rows` found: the comments waiting for a moderator, which are shown to
    their author alone, are read whole, and only when there are some."""
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
    mine, liked, flagged = rows
    state["liked"], state["flagged"] = sorted(liked), sorted(flagged)
    own = sorted(mine.items(), key=lambda item: item[1][3], reverse=True)
    now = timezone.now()
    waiting = []
    for pk, (body, spoiler, status, created) in own:
        editable = status in EDITABLE and now - created <= settings.COMMENT_EDIT_WINDOW  # comments.can_edit
        state["own"][pk] = {"editable": editable, "body": body, "spoiler": spoiler}
        if status == CommentStatus.PENDING:
            waiting.append(pk)
    if waiting:  # rendered for their author alone, oldest first
        waiting = Comment.objects.filter(pk__in=waiting).order_by("created", "pk")
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


def comment_pages(listicle, threads=None):
    """The article's pages of threads, and the pages of replies of `threads` (root ids; None: every
    thread), as the pages link to them and comments.js fetches them (`fragment=1`)."""
    url = reverse("articles:comments", args=[listicle.pk, listicle.slug])
    roots = Comment.objects.filter(listicle=listicle, parent__isnull=True).count()
    pages = min(math.ceil(roots / comments.threads_per_page()) + 1, PAGES_PURGED_AT_MOST)
    urls = {url} | {f"{url}?sort={sort}" for sort in comments.SORTS}
    for number in range(1, pages + 1):
        urls.add(f"{url}?page={number}")
        for sort in comments.SORTS:
            urls |= {f"{url}?sort={sort}&page={number}", f"{url}?sort={sort}&page={number}&fragment=1"}
    replies = Comment.objects.filter(listicle=listicle, thread__isnull=False)
    if threads is not None:
        replies = replies.filter(thread__in=threads)
    for root, count in replies.order_by().values_list("thread_id").annotate(n=Count("pk")):
        urls |= replies_pages(root, count)
    return urls


def replies_pages(root, count):
    url = reverse("articles:comment_replies", args=[root])
    pages = min(math.ceil(count / settings.COMMENT_REPLIES_PER_PAGE), PAGES_PURGED_AT_MOST)
    urls = {url, f"{url}?fragment=1"}
    for number in range(2, pages + 1):
        urls |= {f"{url}?page={number}", f"{url}?page={number}&fragment=1"}
    return urls

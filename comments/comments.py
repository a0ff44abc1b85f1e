"""Comments: who sees what, what waits for moderation, and every change a reader or moderator makes.

Views and the admin call these functions; none of them sets `Comment.status` directly.

- A reader sees published comments and their own comments awaiting moderation.
- A new comment waits (`pending`) when it is its author's first, its author's comments were
  marked spam within `COMMENT_SPAM_MEMORY`, it contains a blocked word or carries more than
  `COMMENT_MAX_LINKS` links; `hold_reasons` lists each with its details, `held_for` names the one
  the author is told (`holds`). Blocked words are matched on what the text looks like
  (`soompi.lookalikes.skeleton`).
- A flag puts a published comment before a moderator (`held_for` "flagged"). Flags weigh by their
  reader's standing (`standing`): once the weights given since a moderator last decided reach
  `COMMENT_FLAG_LIMIT`, the comment is hidden until a moderator decides again.
- A comment its author deleted (or whose text was erased with their account) keeps its place as
  "[deleted]" while replies hang from it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.names import DELETED_ACCOUNT
from articles.page_invalidation import pages_updated
from soompi import versioned

from . import holds, standing, thread_pages
from .holds import blocked_words_in  # noqa: F401 - where callers have always found it
from .invalidation import comments_updated, comments_version
from .models import TAKEN_DOWN, Comment, CommentFlag, CommentLike, CommentStatus, HeldFor

SORTS = {
    "oldest": ("created", "id"),
    "newest": ("-created", "-id"),
    "top": ("-like_total", "created", "id"),
}
DEFAULT_SORT = "oldest"
MAX_PAGE_NUMBER = 10_000  # a larger one shows the last page, as the paginator does


class CommentRefused(Exception):
    """Raised with a message the reader can read; `status` is the HTTP status to answer with, and
    `retry_after` the seconds a rate-limited reader should wait."""

    def __init__(self, message, status=400, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


def can_moderate(user):
    return user.is_authenticated and user.has_perm("comments.moderate_comment")


def visible_to(user):
    """What a reader may see: published comments, and their own awaiting moderation."""
    rule = Q(status=CommentStatus.PUBLISHED)
    if user.is_authenticated:
        rule |= Q(status=CommentStatus.PENDING, user=user)
    return rule


def counted(queryset, by):
    """A subquery counting `queryset`'s rows (already filtered on OuterRef) grouped by `by`."""
    rows = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(rows), Value(0), output_field=IntegerField())


ROW_FIELDS = (
    "id", "listicle_id", "user_id", "parent_id", "thread_id", "body", "spoiler", "status", "created",
    "edited", "deleted",
)  # fmt: skip


def public_name(user_path):
    """The public name of the account at `user_path`, in SQL: its display name, else its username."""
    return Coalesce(f"{user_path}__reader_profile__display_name", f"{user_path}__username")


class CommentRow:
    """A comment as the page shows it: the fields, the author's public name, the name of the
    comment it answers and its like count, read with `values()` (no model instances to build)."""

    __slots__ = (
        *ROW_FIELDS, "like_total", "author_name", "parent_name", "liked", "flagged", "editable", "reply_list",
        "reply_total", "in_thread", "place", "roots_total", "comments_total",
    )  # fmt: skip

    def __init__(self, values):
        self.flagged = False
        self.reply_total = 0  # a thread's replies a reader sees, shown or not
        for name, value in values.items():
            setattr(self, name, value)
        self.editable, self.reply_list = False, []

    @property
    def more_replies(self):
        """How many of a thread's replies its page leaves for `articles:comment_replies`."""
        return max(self.reply_total - len(self.reply_list), 0)

    @property
    def pk(self):
        return self.id

    @property
    def is_deleted(self):
        return self.deleted is not None

    @property
    def author(self):
        return DELETED_ACCOUNT if self.author_name is None else self.author_name

    @property
    def replying_to(self):
        """The name of the reply's parent's author when it answers a reply, not the thread itself."""
        if self.thread_id and self.parent_id != self.thread_id:
            return DELETED_ACCOUNT if self.parent_name is None else self.parent_name
        return None


def for_display(queryset, user, *extra):
    """The values of `CommentRow`: the fields, the author's name, the parent's, the like count and
    whether `user` liked and flagged it (and the `extra` annotations of `queryset`)."""
    liked = flagged = Value(False)
    if user.is_authenticated:
        liked = Exists(CommentLike.objects.filter(comment=OuterRef("pk"), user=user))
        flagged = Exists(CommentFlag.objects.filter(comment=OuterRef("pk"), user=user))
    return queryset.annotate(
        like_total=counted(CommentLike.objects.filter(comment=OuterRef("pk")), "comment"),
        author_name=public_name("user"),
        parent_name=public_name("parent__user"),
        liked=liked,
        flagged=flagged,
    ).values(*ROW_FIELDS, "like_total", "author_name", "parent_name", "liked", "flagged", *extra)


def kept(answered_by):
    """Not deleted, or deleted with published answers: then it stays as "[deleted]" above them."""
    answers = Comment.objects.filter(**{answered_by: OuterRef("pk")}, status=CommentStatus.PUBLISHED)
    return Q(deleted__isnull=True) | Q(Exists(answers))


def threads_per_page():
    """`COMMENT_THREADS_PER_PAGE`, or `COMMENTS_PER_PAGE` (its former name) when only that one was
    changed from what the settings module gave both."""
    threads = settings.COMMENT_THREADS_PER_PAGE
    former = getattr(settings, "COMMENTS_PER_PAGE", threads)
    return former if former != threads and threads == _CONFIGURED_THREADS else threads


_CONFIGURED_THREADS = settings.COMMENT_THREADS_PER_PAGE


class NoSuchPage(CommentRefused):
    """A page number past the last page (404), or not a number (400)."""


def page_number(value, *, what="comments"):
    """The page number a reader asked for (`?page=`): 1 when not given; NoSuchPage (400) when it is
    not a whole number, (404) when below 1. Whether the page exists is known once it is read."""
    if value in (None, ""):
        return 1
    text = str(value).strip()
    if not text.lstrip("-").isascii() or not text.lstrip("-").isdigit() or len(text) > 9:
        raise NoSuchPage(f"“{value}” is not a page number: ask for ?page=1, 2, 3…", status=400)
    number = int(text)
    if number < 1:
        raise NoSuchPage(f"There is no page {number} of {what}: pages start at 1.", status=404)
    return number


def check_page(page_number, count, per_page, what):
    """A Paginator page of `count` items, or NoSuchPage (404) past the last page (page 1 always
    exists, empty or not)."""
    paginator = Paginator(range(count), per_page)
    if page_number > paginator.num_pages:
        last = paginator.num_pages
        raise NoSuchPage(f"There is no page {page_number} of {what}: the last is page {last}.", status=404)
    return paginator.page(page_number)


@dataclass
class CommentPage:
    """One page of an article's threads for one reader; a fixed number of queries however long."""

    listicle: object
    page: object
    threads: list
    sort: str
    total: int
    liked: set
    user: object


def comment_page(listicle, user, *, page_number=1, sort=DEFAULT_SORT):
    """The reader's page of threads, their first replies and likes, whatever the size.

    `page_number` is a number (`page_number()` reads it from the query string); one past the last
    page raises NoSuchPage (404). Each thread shows its first `COMMENT_REPLIES_SHOWN` replies and
    knows how many it has (`CommentRow.more_replies`).

    What every reader sees of the page (published threads, replies, names, like counts) is read
    once per change and kept (`shared_page`). A signed-in reader adds one query for their own
    likes on it, and one to see whether they have comments awaiting moderation: then the page is
    read for them alone, since those show to them only.
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    number = min(max(int(page_number), 1), MAX_PAGE_NUMBER)
    own_pending = (
        user.is_authenticated
        and Comment.objects.filter(listicle=listicle, user=user, status=CommentStatus.PENDING).exists()
    )
    if own_pending:
        total, roots, threads = read_page(listicle, user, number, sort)
    else:
        total, roots, threads = shared_page(listicle, number, sort)
    page = check_page(number, roots, threads_per_page(), "comments")
    shown = [*threads, *(reply for root in threads for reply in root.reply_list)]
    if user.is_authenticated and shown and not own_pending:
        liked, flagged = marked_by(user, [comment.pk for comment in shown])
        for comment in shown:
            comment.liked, comment.flagged = comment.pk in liked, comment.pk in flagged
    now = timezone.now()
    for comment in shown:
        comment.editable = can_edit(comment, user, now)
    liked = {comment.pk for comment in shown if comment.liked}
    return CommentPage(listicle, page, threads, sort, total, liked, user)


def marked_by(user, ids):
    """(ids `user` liked, ids `user` flagged) among `ids`: one query for both."""
    likes = CommentLike.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", Value(0))
    flags = CommentFlag.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", Value(1))
    liked, flagged = set(), set()
    for pk, kind in likes.union(flags, all=True):
        (flagged if kind else liked).add(pk)
    return liked, flagged


def shared_page(listicle, number, sort):
    """(total, roots, threads) as every reader sees them: kept under the article's comments
    version (bumped by every comment, like, moderation decision, rename and deleted account on it)."""
    return versioned.read(
        f"comments:{listicle.pk}:{sort}:{number}",
        lambda: read_page(listicle, AnonymousUser(), number, sort),
        version=comments_version(listicle.pk),
    )


def likes_changed(listicle_id):
    """A like was given or taken back on the listicle's comments: its pages count again."""
    versioned.changed(comments_version(listicle_id))
    pages_updated.send(sender=CommentLike, listicle_ids=[listicle_id])


def shown_reply(user):
    """A reply `user` sees under its thread."""
    return visible_to(user) & kept("parent")


def read_page(listicle, user, number, sort):
    """(total, roots, threads with their first replies) for `user`: two queries, whatever the size.

    The threads' query counts the threads (a window over the whole match, before the page's
    LIMIT) and the article's comments; the replies' query ranks each thread's replies and counts
    them (windows per thread) and keeps the first `COMMENT_REPLIES_SHOWN`. A page past the last
    reads no thread: one more query counts them. For a reader not signed in (the page every
    reader sees) the same queries come written out in SQL (`thread_pages`), built once per sort;
    for a signed-in reader they are built here (`built_page`)."""
    if user.is_authenticated:
        return built_page(listicle, user, number, sort)
    per_page = threads_per_page()
    rows = thread_pages.page_rows(listicle.pk, sort, (number - 1) * per_page, per_page)
    threads = list(map(CommentRow, rows))
    if not threads:
        return page_totals(listicle, user)
    replies = thread_pages.reply_rows([root.pk for root in threads], settings.COMMENT_REPLIES_SHOWN)
    return with_replies(threads, map(CommentRow, replies))


def page_totals(listicle, user):
    """(total, roots, no threads): the counts alone, for a page past the last."""
    totals = listicle.comments.aggregate(
        total=Count("pk", filter=Q(status=CommentStatus.PUBLISHED, deleted__isnull=True)),
        roots=Count("pk", filter=visible_to(user) & Q(thread__isnull=True) & kept("thread")),
    )
    return totals["total"], totals["roots"], []


def with_replies(threads, replies):
    """(total, roots, threads) with `replies` (ranked rows, at most `COMMENT_REPLIES_SHOWN` per
    thread kept) in their threads' reply lists."""
    by_thread = {root.pk: root for root in threads}
    shown = settings.COMMENT_REPLIES_SHOWN
    for reply in replies:
        root = by_thread[reply.thread_id]
        root.reply_total = reply.in_thread
        if len(root.reply_list) < shown:
            root.reply_list.append(reply)
    for root in threads:
        root.reply_list.sort(key=lambda reply: (reply.created, reply.id))
    return threads[0].comments_total, threads[0].roots_total, threads


def built_page(listicle, user, number, sort):
    """`read_page` through the ORM, for any reader."""
    per_page = threads_per_page()
    shown_root = visible_to(user) & Q(thread__isnull=True) & kept("thread")
    published = Comment.objects.filter(
        listicle=listicle, status=CommentStatus.PUBLISHED, deleted__isnull=True
    )
    roots = listicle.comments.filter(shown_root).annotate(
        roots_total=Window(Count("pk")), comments_total=counted(published, "listicle")
    )
    offset = (number - 1) * per_page
    rows = for_display(roots, user, "roots_total", "comments_total").order_by(*SORTS[sort])
    threads = list(map(CommentRow, rows[offset : offset + per_page]))
    if not threads:
        return page_totals(listicle, user)
    shown = settings.COMMENT_REPLIES_SHOWN
    replies = Comment.objects.filter(shown_reply(user), thread__in=[root.pk for root in threads]).annotate(
        place=Window(
            RowNumber(), partition_by=[F("thread_id")], order_by=[F("created").asc(), F("id").asc()]
        ),
        in_thread=Window(Count("pk"), partition_by=[F("thread_id")]),
    )
    rows = for_display(replies, user, "in_thread", "place").filter(place__lte=max(shown, 1))
    return with_replies(threads, map(CommentRow, rows))


@dataclass
class ReplyPage:
    """One page of a thread's replies, oldest first: `root` (a `CommentRow`), `page` (a Paginator
    page), `replies` (`CommentRow`s)."""

    root: object
    page: object
    replies: list


def thread_replies(root_id, user, *, page_number=1):
    """A page of `COMMENT_REPLIES_PER_PAGE` replies of the thread `root_id` as `user` sees it; None
    when `user` does not see the thread. Two queries: the root, the page of replies with their
    count (a window over the whole match)."""
    root = next(
        iter(for_display(Comment.objects.filter(visible_to(user) & kept("thread"), pk=root_id), user)),
        None,
    )
    if root is None or root["thread_id"] is not None:
        return None
    root = CommentRow(root)
    per_page = settings.COMMENT_REPLIES_PER_PAGE
    replies = Comment.objects.filter(shown_reply(user), thread_id=root_id).annotate(
        in_thread=Window(Count("pk"))
    )
    offset = (page_number - 1) * per_page
    rows = list(
        map(
            CommentRow,
            for_display(replies, user, "in_thread").order_by("created", "id")[offset : offset + per_page],
        )
    )
    count = (
        rows[0].in_thread if rows else Comment.objects.filter(shown_reply(user), thread_id=root_id).count()
    )
    page = check_page(page_number, count, per_page, "replies")
    root.reply_total, root.reply_list = count, rows
    now = timezone.now()
    for comment in (root, *rows):
        comment.editable = can_edit(comment, user, now)
    return ReplyPage(root, page, rows)


def page_of(comment):
    """The page number (oldest first) on which the comment's thread appears."""
    root = comment.thread or comment
    before = Comment.objects.filter(
        Q(created__lt=root.created) | Q(created=root.created, pk__lt=root.pk),
        listicle_id=root.listicle_id,
        thread__isnull=True,
        status__in=[CommentStatus.PUBLISHED, CommentStatus.PENDING],
    ).count()
    return before // threads_per_page() + 1


def reply_page_of(comment):
    """The page of its thread's replies (`articles:comment_replies`) on which a reply appears, or
    None when its thread's page shows it (one of the first `COMMENT_REPLIES_SHOWN`)."""
    if comment.thread_id is None:
        return None
    earlier = Comment.objects.filter(
        Q(created__lt=comment.created) | Q(created=comment.created, pk__lt=comment.pk),
        thread_id=comment.thread_id,
        status__in=[CommentStatus.PUBLISHED, CommentStatus.PENDING],
    ).count()
    if earlier < settings.COMMENT_REPLIES_SHOWN:
        return None
    return earlier // settings.COMMENT_REPLIES_PER_PAGE + 1


def initial_status(user, body):
    """(status, held_for, hold_reasons): published, unless the comment is its author's first, its
    author's comments were marked spam lately, or it looks like spam or abuse (`holds`)."""
    reasons = holds.in_text(body) + holds.of_author(user)
    held = holds.primary(reasons)
    return (CommentStatus.PENDING if held else CommentStatus.PUBLISHED), held, reasons


def check_may_comment(user):
    if not user.is_authenticated:
        raise CommentRefused("Sign in to take part in the discussion.", status=403)
    from accounts.models import profile_for

    if profile_for(user).commenting_suspended:
        raise CommentRefused("Your account is suspended from commenting.", status=403)


def find_parent(listicle, user, parent_id):
    if parent_id is None:
        return None
    parent = (
        Comment.objects.select_related("thread").filter(pk=parent_id, listicle=listicle).first()
        if parent_id
        else None
    )
    if parent is None:
        raise CommentRefused("The comment you replied to is not under this article.")
    if parent.status != CommentStatus.PUBLISHED or parent.is_deleted:
        raise CommentRefused("The comment you replied to is no longer open for replies.")
    return parent


@transaction.atomic
def post_comment(listicle, user, *, body, spoiler=False, parent_id=None):
    check_may_comment(user)
    if not listicle.allow_comments:
        raise CommentRefused("Comments are closed on this article.", status=403)
    parent = find_parent(listicle, user, parent_id)
    status, reason, reasons = initial_status(user, body)
    comment = Comment.objects.create(
        listicle=listicle,
        user=user,
        parent=parent,
        thread=(parent.thread or parent) if parent else None,
        body=body,
        spoiler=spoiler,
        status=status,
        held_for=reason,
        hold_reasons=reasons if reason else [],
    )
    if parent is not None and comment.status == CommentStatus.PUBLISHED:
        from .notifications import queue_reply_notification

        queue_reply_notification(comment)
    return comment


def own_comment(comment, user):
    check_may_comment(user)
    if comment.user_id != user.pk:
        raise CommentRefused("You can only change your own comments.", status=403)
    if comment.is_deleted or comment.status in TAKEN_DOWN:
        raise CommentRefused("This comment can no longer be changed.", status=409)


def can_edit(comment, user, now=None):
    return (
        user.is_authenticated
        and comment.user_id == user.pk
        and not comment.is_deleted
        and comment.status in {CommentStatus.PUBLISHED, CommentStatus.PENDING}
        and (now or timezone.now()) - comment.created <= settings.COMMENT_EDIT_WINDOW
    )


@transaction.atomic
def edit_comment(comment, user, *, body, spoiler):
    own_comment(comment, user)
    if timezone.now() - comment.created > settings.COMMENT_EDIT_WINDOW:
        minutes = int(settings.COMMENT_EDIT_WINDOW.total_seconds() // 60)
        raise CommentRefused(f"Comments can be edited for {minutes} minutes after posting.", status=409)
    comment.body, comment.spoiler, comment.edited = body, spoiler, timezone.now()
    found = holds.in_text(body)
    if comment.status == CommentStatus.PUBLISHED and found:
        # Held anew: back in the queue even if a moderator had approved the text it replaced.
        comment.status, comment.held_for, comment.hold_reasons = (
            CommentStatus.PENDING,
            holds.primary(found),
            found,
        )
        comment.decided_by = None
    elif comment.status == CommentStatus.PENDING:  # still waits: the moderator sees what it has now too
        comment.hold_reasons = holds.merged(comment.hold_reasons, found)
    fields = ["body", "spoiler", "edited", "status", "held_for", "hold_reasons", "decided_by"]
    comment.save(update_fields=fields)
    return comment


@transaction.atomic
def delete_comment(comment, user):
    """The author's text goes; the row stays so that replies keep their place."""
    own_comment(comment, user)
    comment.body, comment.deleted = "", timezone.now()
    comment.save(update_fields=["body", "deleted"])
    return comment


@transaction.atomic
def erase_comments_of(user):
    """Blank the text of every comment `user` wrote, as when they delete each one: the thread
    keeps "[deleted]" in their place and replies stay attached. For account deletion, before the
    account goes. Returns how many comments were erased."""
    erased = Comment.objects.filter(user=user).exclude(body="", deleted__isnull=False)
    articles = set(erased.values_list("listicle_id", flat=True))
    count = erased.update(body="", deleted=Coalesce("deleted", Value(timezone.now())), spoiler=False)
    if count:
        comments_updated(articles)
    return count


def interactable(comment, user):
    check_may_comment(user)
    if comment.status != CommentStatus.PUBLISHED or comment.is_deleted:
        raise CommentRefused("This comment is not open for that.", status=404)


@transaction.atomic
def flag_comment(comment, user, reason=""):
    """Record one reader's flag, weighed by their standing; return True when the flag hid the
    comment. Any flag puts the comment in the moderation queue."""
    interactable(comment, user)
    if comment.user_id == user.pk:
        raise CommentRefused("You cannot flag your own comment.")
    try:
        with transaction.atomic():
            CommentFlag.objects.create(
                comment=comment, user=user, reason=reason, weight=standing.flag_weight(user)
            )
    except IntegrityError:
        raise CommentRefused("You already flagged this comment.", status=409) from None
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    flags = comment.flags.all()
    if comment.decided_at:
        flags = flags.filter(created__gt=comment.decided_at)
    weight = flags.aggregate(total=Coalesce(Sum("weight"), 0))["total"]
    # No moderator decided this: it waits for one (decided_at stays, flags are counted from it).
    # Held anew since the last decision, or held already and now flagged too.
    reasons = holds.merged(
        comment.hold_reasons if comment.held_for else [], [{"reason": HeldFor.FLAGGED.value}]
    )
    queued = {"held_for": HeldFor.FLAGGED, "decided_by": None, "hold_reasons": reasons}
    if comment.status == CommentStatus.PUBLISHED and weight >= settings.COMMENT_FLAG_LIMIT:
        Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN, **queued)
        comments_updated([comment.listicle_id])
        return True
    Comment.objects.filter(pk=comment.pk).update(**queued)  # still shown: the page is unchanged
    return False


@transaction.atomic
def toggle_like(comment, user):
    """Like the comment, or take the like back; return (liked, like count)."""
    interactable(comment, user)
    if comment.user_id == user.pk:
        raise CommentRefused("You cannot like your own comment.", status=403)
    deleted, _ = CommentLike.objects.filter(comment=comment, user=user).delete()
    if not deleted:
        try:
            with transaction.atomic():
                CommentLike.objects.create(comment=comment, user=user)
        except IntegrityError:
            pass  # a second click raced the first: the like is there either way
    likes_changed(comment.listicle_id)
    return not deleted, CommentLike.objects.filter(comment=comment).count()


@transaction.atomic
def moderate(queryset, status, by):
    """A moderator's decision on the comments, recording who decided and when; returns how many.

    The decision takes them out of the queue (`held_for` cleared); `hold_reasons` stays, so a
    comment's page still says why it waited. Marking spam takes a comment off the page like
    hiding it, and counts against its author for `COMMENT_SPAM_MEMORY` (`holds.of_author`,
    `standing`). Approving a reply that waited sends its reply email then, as posting it would have.
    """
    if not can_moderate(by):
        raise CommentRefused("You do not have permission to moderate comments.", status=403)
    chosen = list(queryset.order_by().values_list("pk", "status", "parent_id", "listicle_id"))
    changed = Comment.objects.filter(pk__in=[pk for pk, *_ in chosen]).update(
        status=status, decided_by=by, decided_at=timezone.now(), held_for=HeldFor.NOTHING
    )
    comments_updated(listicle_id for *_, listicle_id in chosen)
    if status == CommentStatus.PUBLISHED:
        from .notifications import queue_reply_notification

        for pk, before, parent_id, _ in chosen:
            if parent_id and before == CommentStatus.PENDING:
                queue_reply_notification(Comment(pk=pk))
    return changed


def suspend_authors(queryset, by):
    """Stop the authors of these comments from commenting; returns how many accounts."""
    from accounts import kept_accounts
    from accounts.models import ReaderProfile

    if not can_moderate(by):
        raise CommentRefused("You do not have permission to moderate comments.", status=403)
    users = set(queryset.exclude(user__isnull=True).values_list("user", flat=True))
    suspended = ReaderProfile.objects.filter(user__in=users).update(commenting_suspended=True)
    kept_accounts.changed(users)  # an update() sends no signal: the kept accounts are read again
    return suspended


def waiting():
    """Comments a moderator should look at: awaiting moderation, hidden by readers' flags, or
    published and flagged since a moderator last decided."""
    held = Q(status__in=[CommentStatus.PENDING, CommentStatus.HIDDEN]) | Q(
        status=CommentStatus.PUBLISHED, held_for=HeldFor.FLAGGED
    )
    return Comment.objects.filter(held, decided_by__isnull=True, deleted__isnull=True)


def waiting_count():
    return waiting().count()


def shown_total(listicle):
    """The number of comments readers see under the article (the page's count)."""
    return listicle.comments.filter(status=CommentStatus.PUBLISHED, deleted__isnull=True).count()


def with_comment_counts(listicles):
    """Listicles annotated with `comment_count`, the number readers see, inside the same query."""
    shown = Comment.objects.filter(
        listicle=OuterRef("pk"), status=CommentStatus.PUBLISHED, deleted__isnull=True
    )
    return listicles.annotate(comment_count=counted(shown, "listicle"))

"""Comment write paths and the comments page.

Each POST works without JavaScript (a 303 to the private page that tells the reader what came of
it, `articles.confirm.done`, or the page again with the form filled in and the message) and
answers JSON to `static/js/comments.js`, which asks with `Accept: application/json`. Posting,
editing, deleting, liking and flagging need an account that is not suspended, and are
rate-limited per account and per address through the shared cache.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage

from articles import addresses
from articles.confirm import done_url
from articles.models import Listicle
from soompi import versioned
from soompi.outages import answered_or_undone
from soompi.responses import private

from . import comments
from .comments import CommentRefused
from .forms import CommentEditForm, CommentForm, FlagForm
from .html import CommentRenderer
from .invalidation import comments_version
from .models import Comment, CommentLike, CommentStatus, HeldFor

HONEYPOT_MESSAGE = "Your comment could not be posted."
SOON = "a moderator usually looks within a day, and only you see it until then."
HELD_MESSAGES = {
    HeldFor.FIRST: "Your first comment waits for a moderator: " + SOON,
    HeldFor.LINKS: f"Comments with more than {settings.COMMENT_MAX_LINKS} links wait for a moderator: "
    + SOON,
    HeldFor.BLOCKED: "Your comment contains a word our moderators read first, so it waits for one: " + SOON,
}


def held_message(comment):
    """What the reader is told when their comment waits for a moderator, or None."""
    if comment.status != CommentStatus.PENDING:
        return None
    return HELD_MESSAGES.get(comment.held_for, "Your comment waits for a moderator: " + SOON)


def see_other(url):
    """303: the browser follows with a GET, so reloading never posts twice."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def retry_after(request, group, rates):
    """Seconds until the reader may try again, or None; every call counts as one try."""
    waits = []
    for key, rate in rates:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(1, int(usage["time_left"])))
    return max(waits) if waits else None


def post_rates():
    return [("user_or_ip", settings.COMMENT_RATE_PER_USER), ("ip", settings.COMMENT_RATE_PER_IP)]


def too_fast(wait):
    return CommentRefused(
        f"You are going too fast: try again in {wait} seconds.", status=429, retry_after=wait
    )


def with_retry_after(response, refusal):
    if refusal.retry_after:
        response["Retry-After"] = str(refusal.retry_after)
    return response


def refusal_response(request, refusal, *, comment=None):
    if wants_json(request):
        response = JsonResponse({"error": refusal.message}, status=refusal.status)
    else:
        back = comment.listicle.get_absolute_url() + f"#comment-{comment.pk}" if comment else "/"
        context = {"message": refusal.message, "back": back}
        response = render(request, "comments/comment_refused.html", context, status=refusal.status)
    return with_retry_after(private(response), refusal)


@dataclass
class PublicThreads:
    """A page of threads as every reader sees it, for the templates: `total` (the article's
    comments), `threads` (how many on this page), `page` (a Paginator page of threads), `sort`."""

    total: int
    threads: int
    page: object
    sort: str


def public_threads(listicle, number, sort):
    """(PublicThreads, the threads' HTML) for a page of `listicle`'s threads as every reader sees
    them: read and rendered once per change of its comments and kept whole (its times are dates,
    which comments.js shows as "3 hours ago"). Cold (nothing kept), two queries."""
    sort = sort if sort in comments.SORTS else comments.DEFAULT_SORT

    def render():
        total, roots, threads = comments.read_page(listicle, AnonymousUser(), number, sort)
        return total, roots, len(threads), str(CommentRenderer(listicle).threads(threads))

    per_page, replies = comments.threads_per_page(), settings.COMMENT_REPLIES_SHOWN
    key = f"comment-page:{listicle.pk}:{sort}:{number}:{per_page}:{replies}"
    total, roots, shown, html = versioned.read(key, render, version=comments_version(listicle.pk))
    page = comments.check_page(number, roots, per_page, "comments")
    return PublicThreads(total, shown, page, sort), mark_safe(html)  # noqa: S308 - rendered by CommentRenderer


def comments_context(request, listicle, *, form=None, refusal=None, page_number=1):
    """What the comments section needs: the page of threads as every reader sees it (the page
    `page_number`, the sort asked for) and the posting form. NoSuchPage past the last page."""
    page, html = public_threads(listicle, page_number, request.GET.get("sort", comments.DEFAULT_SORT))
    return {
        "comments": page,
        "comment_threads": html,
        "comment_form": form or CommentForm(),
        "comment_refusal": refusal,
    }


def item_html(request, comment, *, thread=False, new=False):
    """One comment's HTML for the JSON answers; a `new` one has no likes or flags yet."""
    comment.like_total, comment.liked, comment.flagged, comment.reply_list = 0, False, False, []
    if not new:
        comment.like_total = CommentLike.objects.filter(comment=comment).count()
        liked, flagged = comments.marked_by(request.user, [comment.pk])
        comment.liked, comment.flagged = comment.pk in liked, comment.pk in flagged
    comment.editable = comments.can_edit(comment, request.user)
    return CommentRenderer(comment.listicle).one(comment, thread=thread)


def comments_url(listicle, page=1):
    if page == 1:
        return listicle.get_absolute_url()
    return reverse("articles:comments", args=[listicle.pk, listicle.slug]) + f"?page={page}"


def comment_url(listicle, comment):
    """Where a reader without JavaScript finds `comment` after posting it: its thread's page, or
    the page of its thread's replies when the thread's page shows it behind "Show more"."""
    anchor = f"#comment-{comment.pk}"
    reply_page = comments.reply_page_of(comment)
    if reply_page is not None:
        url = reverse("articles:comment_replies", args=[comment.thread_id])
        return (url if reply_page == 1 else f"{url}?page={reply_page}") + anchor
    return comments_url(listicle, comments.page_of(comment)) + anchor


def no_such_page(request, refusal, listicle):
    """400 or 404 with the reason, as a page with a link back to the article or, for a fragment,
    as text."""
    if request.GET.get("fragment"):
        return HttpResponse(refusal.message, status=refusal.status, content_type="text/plain; charset=utf-8")
    context = {"message": refusal.message, "back": f"{listicle.get_absolute_url()}#comments"}
    return render(request, "comments/comment_refused.html", context, status=refusal.status)


@require_http_methods(["GET", "HEAD", "POST"])
@answered_or_undone
def comment_list(request, pk, slug):
    """`/article/<pk>/<slug>/comments/`: GET a page of threads; POST `body`, optional `parent`."""
    listicle = get_object_or_404(Listicle.objects.published().select_related("author"), pk=pk)
    if request.method != "POST":
        if slug != listicle.slug:
            url = reverse("articles:comments", args=[listicle.pk, listicle.slug])
            return addresses.redirect(listicle, slug, url)
        try:
            number = comments.page_number(request.GET.get("page"))
            context = {"listicle": listicle, **comments_context(request, listicle, page_number=number)}
        except comments.NoSuchPage as refusal:
            return no_such_page(request, refusal, listicle)
        if request.GET.get("fragment"):
            return render(request, "comments/includes/comments_fragment.html", context)
        return render(request, "comments/comments.html", context)
    if not request.user.is_authenticated and not wants_json(request):
        login = (
            reverse("account_login") + "?" + urlencode({"next": f"{listicle.get_absolute_url()}#comments"})
        )
        return see_other(login)
    form = CommentForm(request.POST)
    refusal, wait = None, retry_after(request, "comments.post", post_rates())
    if wait:
        refusal = too_fast(wait)
    elif form.caught_by_honeypot:
        refusal = CommentRefused(HONEYPOT_MESSAGE)
    elif form.is_valid():
        try:
            comment = comments.post_comment(
                listicle,
                request.user,
                body=form.cleaned_data["body"],
                spoiler=form.cleaned_data["spoiler"],
                parent_id=form.cleaned_data["parent"],
            )
        except CommentRefused as error:
            refusal = error
        else:
            return posted(request, listicle, comment)
    else:
        refusal = CommentRefused(next(iter(form.errors.values()))[0])
    if wants_json(request):
        return refusal_response(request, refusal)
    context = {"listicle": listicle, **comments_context(request, listicle, form=form, refusal=refusal)}
    return with_retry_after(
        render(request, "comments/comments.html", context, status=refusal.status), refusal
    )


def posted(request, listicle, comment):
    message = held_message(comment)
    if wants_json(request):
        data = {
            "id": comment.pk,
            "thread": comment.thread_id,
            "status": comment.status,
            "message": message,
            "total": comments.shown_total(listicle),
            "html": item_html(request, comment, thread=comment.thread_id is None, new=True),
        }
        return JsonResponse(data, status=201)
    messages.info(request, message or "Your comment is posted.")
    return see_other(done_url(listicle, "comment", comment))


def own_action(request, pk, group):
    comment = get_object_or_404(
        Comment.objects.select_related("listicle", "user__reader_profile", "parent__user__reader_profile"),
        pk=pk,
        listicle__in=Listicle.objects.published(),
    )
    wait = retry_after(request, group, post_rates())
    if wait:
        raise too_fast(wait)
    return comment


@require_http_methods(["GET", "HEAD", "POST"])
@answered_or_undone
def comment_edit(request, pk):
    """The author changes the text within the edit window; the comment shows "edited"."""
    comment = get_object_or_404(Comment.objects.select_related("listicle"), pk=pk)
    if request.method != "POST":
        # Readers without JavaScript reach this page from every comment's Edit link (comments/
        # includes/comments_item_actions.html): anyone but the author is told why not.
        user = request.user
        if not user.is_authenticated:
            return see_other(reverse("account_login") + "?" + urlencode({"next": request.path}))
        if comment.user_id != user.pk:
            refusal = CommentRefused("You can only edit your own comments.", status=403)
        elif not comments.can_edit(comment, user):
            minutes = int(settings.COMMENT_EDIT_WINDOW.total_seconds() // 60)
            refusal = CommentRefused(
                f"This comment can no longer be edited: comments can be edited for {minutes} minutes"
                " after posting.",
                status=403,
            )
        else:
            form = CommentEditForm(initial={"body": comment.body, "spoiler": comment.spoiler})
            return private(render(request, "comments/comment_edit.html", {"comment": comment, "form": form}))
        return refusal_response(request, refusal, comment=comment)
    form = CommentEditForm(request.POST)
    try:
        comment = own_action(request, pk, "comments.edit")
        if not form.is_valid():
            raise CommentRefused(next(iter(form.errors.values()))[0])
        comments.edit_comment(comment, request.user, **form.cleaned_data)
    except CommentRefused as refusal:
        if wants_json(request) or refusal.status in {403, 404}:
            return refusal_response(request, refusal, comment=comment)
        context = {"comment": comment, "form": form, "refusal": refusal}
        return with_retry_after(
            render(request, "comments/comment_edit.html", context, status=refusal.status), refusal
        )
    message = held_message(comment)
    if wants_json(request):
        total = comments.shown_total(comment.listicle)
        data = {"id": comment.pk, "message": message, "total": total, "html": item_html(request, comment)}
        return JsonResponse(data)
    messages.info(request, message or "Your comment is saved.")
    return see_other(done_url(comment.listicle, "comment", comment))


@require_POST
@answered_or_undone
def comment_delete(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("listicle"), pk=pk)
    try:
        comment = own_action(request, pk, "comments.delete")
        comments.delete_comment(comment, request.user)
    except CommentRefused as refusal:
        return refusal_response(request, refusal, comment=comment)
    if wants_json(request):
        total = comments.shown_total(comment.listicle)
        return JsonResponse({"id": comment.pk, "total": total, "html": item_html(request, comment)})
    messages.info(request, "Your comment is deleted.")
    return see_other(done_url(comment.listicle, "comment"))


@require_POST
@answered_or_undone
def comment_like(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("listicle"), pk=pk)
    try:
        comment = own_action(request, pk, "comments.like")
        liked, count = comments.toggle_like(comment, request.user)
    except CommentRefused as refusal:
        return refusal_response(request, refusal, comment=comment)
    if wants_json(request):
        return JsonResponse({"id": comment.pk, "liked": liked, "count": count})
    messages.info(request, "You like this comment." if liked else "You no longer like this comment.")
    return see_other(done_url(comment.listicle, "comment", comment))


@require_POST
@answered_or_undone
def comment_flag(request, pk):
    """`/comments/<id>/flag/`: POST, optional `reason`; once per reader."""
    comment = get_object_or_404(Comment.objects.select_related("listicle"), pk=pk)
    form = FlagForm(request.POST)
    try:
        wait = retry_after(request, "comments.flag", [("user_or_ip", settings.FLAG_RATE_PER_USER)])
        if wait:
            raise too_fast(wait)
        if not form.is_valid():
            raise CommentRefused(form.errors["reason"][0])
        hidden = comments.flag_comment(comment, request.user, form.cleaned_data["reason"])
    except CommentRefused as refusal:
        return refusal_response(request, refusal, comment=comment)
    message = "Thank you: moderators will look at this comment."
    if wants_json(request):
        return JsonResponse({"id": comment.pk, "message": message, "hidden": hidden})
    return private(render(request, "comments/comment_flagged.html", {"comment": comment, "message": message}))


@require_safe
def comment_replies(request, pk):
    """`/comments/<id>/replies/`: every reply of the thread `id`, `COMMENT_REPLIES_PER_PAGE` a page
    (`?page=`), oldest first, under the thread's first comment; `?fragment=1` answers only the
    replies' `<li>` items and the link to the next page, for `static/js/comments.js`. A public page:
    the same for every reader (`articles.public`). A reply's id leads to its thread's address."""
    comment = (
        Comment.objects.select_related("listicle")
        .filter(pk=pk, listicle__in=Listicle.objects.published(), listicle__allow_comments=True)
        .first()
    )
    if comment is None:
        raise Http404("There is no discussion at this address.")
    if comment.thread_id is not None:
        return redirect("articles:comment_replies", comment.thread_id, permanent=True)
    listicle = comment.listicle
    try:
        number = comments.page_number(request.GET.get("page"), what="replies")
        thread = comments.thread_replies(pk, AnonymousUser(), page_number=number)
    except comments.NoSuchPage as refusal:
        return no_such_page(request, refusal, listicle)
    if thread is None:
        raise Http404("This discussion is not shown to readers.")
    renderer = CommentRenderer(listicle)
    page = thread.page
    left = page.paginator.count - page.end_index()
    context = {
        "listicle": listicle,
        "thread": thread,
        "page": page,
        "root_html": renderer.one(thread.root),
        "replies_html": mark_safe(renderer.replies(thread.replies)),  # noqa: S308 - rendered by templates
        "more_html": mark_safe(renderer.more(thread.root, page=number + 1, left=left)),  # noqa: S308
        "replies_url": renderer.replies_url(pk),
    }
    if request.GET.get("fragment"):
        return render(request, "comments/includes/comment_replies_fragment.html", context)
    return render(request, "comments/comment_replies.html", context)

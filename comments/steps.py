"""The confirm and done steps of comments, for a reader without JavaScript (`articles.confirm`).

Public pages carry no CSRF token, so a comment's forms post to a confirm step instead: the
article's `comment` step (`articles:confirm`, answered by the comments' part, `part.py`) and a
comment's own like, reply, flag and delete (`comment_confirm`, `articles:comment_confirm`). Each
shows what the reader asked for, filled in as they left it, in a form that carries their token and
posts to the real address. A reader who is not signed in is asked to sign in first, with what they
wrote kept on the page. Where a comment posted without JavaScript lands is the article's `comment`
done step (`done_context`): the comment with why it waits for a moderator, and Edit and Delete on it.
"""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from articles.confirm import NO_SUCH_STEP
from articles.models import Listicle
from soompi.responses import Refused, only, private, refuse

from . import comments
from .forms import FlagForm
from .models import TAKEN_DOWN, Comment, CommentStatus
from .views import comment_url

NO_SUCH_COMMENT = "There is no comment open to readers at this address."
COMMENT_ACTIONS = ("like", "reply", "flag", "delete")
BODY_LIMIT = 5000
STEP_TEMPLATE = "comments/confirm.html"


def sign_in_needed(request):
    return not request.user.is_authenticated


def confirm_context(request, listicle, data):
    """The article's `comment` confirm step; `Refused` when comments are closed on it."""
    if not listicle.allow_comments:
        raise Refused("Comments are closed on this article.", status=403)
    back = listicle.get_absolute_url() + "#comments"
    return _writing(request, data) | {"back": back, "step_template": STEP_TEMPLATE}


@csrf_exempt
@only("GET", "POST")
def comment_confirm(request, pk, action):
    """`/comments/<id>/confirm/<like|reply|flag|delete>/`."""
    if action not in COMMENT_ACTIONS:
        return refuse(request, 404, NO_SUCH_STEP)
    comment = (
        Comment.objects.select_related("listicle", "user__reader_profile")
        .filter(pk=pk, deleted__isnull=True, listicle__in=Listicle.objects.published())
        .first()
    )
    if comment is None:
        return refuse(request, 404, NO_SUCH_COMMENT)
    # Only published comments take likes, replies and flags; the author may delete one that
    # still waits for a moderator (the done page after posting it links here).
    own = request.user.is_authenticated and comment.user_id == request.user.pk
    if comment.status != CommentStatus.PUBLISHED and not (action == "delete" and own):
        return refuse(request, 404, NO_SUCH_COMMENT)
    data = request.POST if request.method == "POST" else request.GET
    listicle = comment.listicle
    context = {
        "listicle": listicle,
        "comment": comment,
        "action": action,
        "back": f"{listicle.get_absolute_url()}#comment-{comment.pk}",
        "step_template": STEP_TEMPLATE,
    }
    if action == "reply":
        context |= _writing(request, data)
    elif action == "flag":
        form = FlagForm(data if "reason" in data else None)
        reason = form.cleaned_data["reason"] if form.is_bound and form.is_valid() else ""
        context |= {"reason": reason, "reasons": FlagForm.base_fields["reason"].choices}
    elif action == "delete" and request.user.is_authenticated and comment.user_id != request.user.pk:
        return refuse(request, 403, "You can only delete your own comments.")
    context["sign_in_needed"] = sign_in_needed(request)
    return private(render(request, "articles/confirm.html", context))


def done_context(request, listicle):
    """The article's `comment` done step (`?comment=<id>`: the comment posted, when this reader
    may see it); `Refused` for a comment named by anything but its number."""
    back = listicle.get_absolute_url()
    number = request.GET.get("comment", "")
    if number and not _number(number):
        raise Refused("The comment is named by its number.")
    comment = _shown_comment(request, listicle, _number(number)) if number else None
    if comment is not None and comment.status == CommentStatus.PUBLISHED:
        back = comment_url(listicle, comment)
    else:
        back += "#comments"
    context = {"comment": comment, "back": back, "step_template": "comments/done.html"}
    if comment is not None:
        context["editable"] = comments.can_edit(comment, request.user)
        context["own"] = request.user.is_authenticated and comment.user_id == request.user.pk
    return context


def _shown_comment(request, listicle, pk):
    """The comment `pk` on `listicle` if this reader may see it: published, or their own."""
    comment = (
        Comment.objects.select_related("user__reader_profile")
        .filter(pk=pk, listicle=listicle, deleted__isnull=True)
        .exclude(status__in=TAKEN_DOWN)
        .first()
    )
    if comment is None:
        return None
    if comment.status == CommentStatus.PUBLISHED:
        return comment
    return comment if request.user.is_authenticated and comment.user_id == request.user.pk else None


def _writing(request, data):
    """What the reader wrote, to be posted as they left it."""
    return {
        "body": data.get("body", "")[:BODY_LIMIT],
        "spoiler": bool(data.get("spoiler")),
        "sign_in_needed": sign_in_needed(request),
    }


def _number(value):
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 19 else 0

"""The confirm step: how a reader without JavaScript posts from a public page.

Public pages carry no CSRF token (`articles.public`), so their forms (react, vote, comment, and a
comment's like, reply, flag and delete) post here instead of to the action itself. This step
changes nothing: it shows what the reader asked for, filled in as they left it, in a form that
carries their token and posts to the real address, whose answer (a 303 back to the article) is
as before. It is one click more, and it is private (`no-store`): it names the reader and holds
their token.

It takes GET and POST alike and is exempt from the CSRF check for that reason: a page that only
shows a form cannot be abused from another site, whose script could not read the token in it. A
reader who is not signed in is asked to sign in first where the action needs an account (comments,
likes, flags), with what they wrote kept on the page.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .choices import Refused
from .comment_forms import FlagForm
from .models import Comment, CommentStatus, Entry, Listicle
from .reactions import active_kinds
from .reader_posts import private, published_listicle, refuse

ARTICLE_ACTIONS = ("react", "vote", "comment")
COMMENT_ACTIONS = ("like", "reply", "flag", "delete")
BODY_LIMIT = 5000


def sign_in_needed(request):
    return not request.user.is_authenticated


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, pk, slug, action):
    """`/article/<id>/<slug>/confirm/<react|vote|comment>/`."""
    if action not in ARTICLE_ACTIONS:
        raise Http404("There is no such step.")
    data = request.POST if request.method == "POST" else request.GET
    try:
        listicle = published_listicle(pk)
    except Refused as refusal:
        return refuse(request, refusal.status, refusal.message)
    context = {"listicle": listicle, "action": action, "back": listicle.get_absolute_url()}
    if action == "react":
        kind = next((kind for kind in active_kinds() if kind.slug == data.get("kind", "")), None)
        if kind is None:
            return refuse(request, 400, "Choose one of the reactions under the article.")
        context |= {"kind": kind, "back": context["back"] + "#reactions"}
    elif action == "vote":
        entry = (
            Entry.objects.select_related("drama")
            .filter(listicle_id=pk, pk=_number(data.get("entry")))
            .first()
        )
        if entry is None or not listicle.poll_question:
            return refuse(request, 400, "Choose one of the article's entries with its “This one!” button.")
        context |= {"entry": entry, "back": context["back"] + "#poll"}
    else:
        context |= _writing(request, data) | {"back": context["back"] + "#comments"}
    return private(render(request, "articles/confirm.html", context))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def comment_confirm(request, pk, action):
    """`/comments/<id>/confirm/<like|reply|flag|delete>/`."""
    if action not in COMMENT_ACTIONS:
        raise Http404("There is no such step.")
    comment = get_object_or_404(
        Comment.objects.select_related("listicle", "user__reader_profile"),
        pk=pk,
        status=CommentStatus.PUBLISHED,
        deleted__isnull=True,
        listicle__in=Listicle.objects.published(),
    )
    data = request.POST if request.method == "POST" else request.GET
    listicle = comment.listicle
    context = {
        "listicle": listicle,
        "comment": comment,
        "action": action,
        "back": f"{listicle.get_absolute_url()}#comment-{comment.pk}",
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


def _writing(request, data):
    """What the reader wrote, to be posted as they left it."""
    return {
        "body": data.get("body", "")[:BODY_LIMIT],
        "spoiler": bool(data.get("spoiler")),
        "sign_in_needed": sign_in_needed(request),
    }


def _number(value):
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 19 else 0

"""The confirm step: how a reader without JavaScript posts from a public page.

Public pages carry no CSRF token (`articles.public`), so their forms (react, vote, comment, and a
comment's like, reply, flag and delete) post here instead of to the action itself. This step
changes nothing: it shows what the reader asked for, filled in as they left it, in a form that
carries their token and posts to the real address, whose answer (a 303 back to the article) is
as before. It is one click more, and it is private (`no-store`): it names the reader and holds
their token.

Where the post lands without JavaScript is private too (`done`, `/article/<id>/<slug>/done/<react|
vote|comment>/`): the action's outcome as this reader now sees it (their reaction marked in the
counts, the poll's ranked results with their pick, their comment with why it waits for a moderator,
and Edit and Delete on it), with a link back to the article. The public page itself cannot say
these things, and a browser may show its own copy of it for `max-age` seconds.

The confirm step takes GET and POST alike and is exempt from the CSRF check for that reason: a page that only
shows a form cannot be abused from another site, whose script could not read the token in it. A
reader who is not signed in is asked to sign in first where the action needs an account (comments,
likes, flags), with what they wrote kept on the page.
"""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from soompi.responses import only, private, refuse

from . import comments, polls, reactions, readers
from .choices import Refused
from .comment_forms import FlagForm
from .models import TAKEN_DOWN, Comment, CommentStatus, Entry, Listicle
from .reactions import active_kinds
from .reader_posts import published_listicle

NO_SUCH_STEP = "There is no such step: go back to the article and use its buttons."
NO_SUCH_COMMENT = "There is no comment open to readers at this address."
ARTICLE_ACTIONS = ("react", "vote", "comment")
COMMENT_ACTIONS = ("like", "reply", "flag", "delete")
BODY_LIMIT = 5000


def sign_in_needed(request):
    return not request.user.is_authenticated


@csrf_exempt
@only("GET", "POST")
def confirm(request, pk, slug, action):
    """`/article/<id>/<slug>/confirm/<react|vote|comment>/`."""
    if action not in ARTICLE_ACTIONS:
        return refuse(request, 404, NO_SUCH_STEP)
    data = request.POST if request.method == "POST" else request.GET
    try:
        listicle = published_listicle(pk)
        # What the real post would refuse is refused here, before the reader confirms it.
        if action == "react":
            reactions.check_open(listicle)
        elif action == "vote":
            polls.check_open(listicle)
        elif not listicle.allow_comments:
            raise Refused("Comments are closed on this article.", status=403)
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


DONE_ACTIONS = ARTICLE_ACTIONS


def done_url(listicle, action, comment=None):
    address = reverse("articles:done", args=[listicle.pk, listicle.slug, action])
    return address + (f"?comment={comment.pk}" if comment is not None else "")


@only("GET")
def done(request, pk, slug, action):
    """`/article/<id>/<slug>/done/<react|vote|comment>/[?comment=<id>]`: where a post without
    JavaScript lands (see the module's docstring); its one-time messages show here."""
    if action not in DONE_ACTIONS:
        return refuse(request, 404, NO_SUCH_STEP)
    try:
        reader = readers.identify(request)
    except readers.TamperedCookie as error:
        return readers.forget(refuse(request, 400, str(error)))
    try:
        listicle = published_listicle(pk)
    except Refused as refusal:
        return refuse(request, refusal.status, refusal.message)
    context = {"listicle": listicle, "action": action, "done": True}
    back = listicle.get_absolute_url()
    if action == "react":
        box = reactions.box(listicle, reader) if listicle.allow_reactions else None
        mine = next((row.kind for row in box.kinds if row.chosen), None) if box else None
        context |= {"reaction_box": box, "mine": mine, "back": back + "#reactions"}
    elif action == "vote":
        poll, mine = None, None
        if listicle.poll_question:
            numbered = polls.kept_entries(listicle)
            poll = polls.poll(listicle, reader, numbered)
            mine = next((entry for _, entry in numbered if entry.pk == poll.mine), None)
        context |= {"poll": poll, "mine": mine, "back": back + "#poll"}
    else:
        number = request.GET.get("comment", "")
        if number and not _number(number):
            return refuse(request, 400, "The comment is named by its number.")
        comment = _shown_comment(request, listicle, _number(number)) if number else None
        if comment is not None and comment.status == CommentStatus.PUBLISHED:
            from .comment_views import comment_url  # it imports this module

            back = comment_url(listicle, comment)
        else:
            back += "#comments"
        context |= {"comment": comment, "back": back}
        if comment is not None:
            context["editable"] = comments.can_edit(comment, request.user)
            context["own"] = request.user.is_authenticated and comment.user_id == request.user.pk
    return private(render(request, "articles/done.html", context))


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

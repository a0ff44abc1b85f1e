"""The confirm step: how a reader without JavaScript posts from a public page.

Public pages carry no CSRF token (`articles.public`), so their forms (a reader part's actions:
react, vote, comment, and a comment's like, reply, flag and delete) post here instead of to the
action itself. This step changes nothing: it shows what the reader asked for, filled in as they
left it, in a form that carries their token and posts to the real address, whose answer (a 303
back to the article) is as before. It is one click more, and it is private (`no-store`): it names
the reader and holds their token.

Where the post lands without JavaScript is private too (`done`, `/article/<id>/<slug>/done/<react|
vote|comment>/`): the action's outcome as this reader now sees it (their reaction marked in the
counts, the poll's ranked results with their pick, their comment with why it waits for a moderator,
and Edit and Delete on it), with a link back to the article. The public page itself cannot say
these things, and a browser may show its own copy of it for `max-age` seconds.

Each action's steps are its reader part's (`reader_parts`: `confirm` and `done` give the context,
with the `step_template` these pages include), so this module names none of them.

The confirm step takes GET and POST alike and is exempt from the CSRF check for that reason: a page that only
shows a form cannot be abused from another site, whose script could not read the token in it.
"""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from soompi.responses import Refused, only, private, refuse, refused

from . import reader_parts
from .records import published_listicle

NO_SUCH_STEP = "There is no such step: go back to the article and use its buttons."


@csrf_exempt
@only("GET", "POST")
def confirm(request, pk, slug, action):
    """`/article/<id>/<slug>/confirm/<action>/`: a reader part's action (`react`, `vote`,
    `comment`: `reader_parts`)."""
    part = reader_parts.answering(action)
    if part is None:
        return refuse(request, 404, NO_SUCH_STEP)
    data = request.POST if request.method == "POST" else request.GET
    try:
        listicle = published_listicle(pk)
        context = {"listicle": listicle, "action": action, "back": listicle.get_absolute_url()}
        # What the real post would refuse is refused here, before the reader confirms it.
        context |= part.confirm(request, listicle, action, data)
    except Refused as refusal:
        return refused(request, refusal)
    return private(render(request, "articles/confirm.html", context))


def done_url(listicle, action, comment=None):
    address = reverse("articles:done", args=[listicle.pk, listicle.slug, action])
    return address + (f"?comment={comment.pk}" if comment is not None else "")


@only("GET")
def done(request, pk, slug, action):
    """`/article/<id>/<slug>/done/<action>/[?comment=<id>]`: where a post without JavaScript lands
    (see the module's docstring); its one-time messages show here."""
    part = reader_parts.answering(action)
    if part is None:
        return refuse(request, 404, NO_SUCH_STEP)
    try:
        readers = reader_parts.readers(request)  # a forged reader cookie: 400, and it is cleared
        listicle = published_listicle(pk)
        context = {"listicle": listicle, "action": action, "done": True}
        context |= part.done(request, listicle, action, readers[part])
    except Refused as refusal:
        return refused(request, refusal)
    return private(render(request, "articles/done.html", context))

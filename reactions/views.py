"""The readers' posts on an article: a reaction, a vote for the reader's pick, and the reaction
counts as JSON. Each post goes through one frame (`reader_posts.reader_post`: method, identity,
rate limits, refusals) and ends in a 303 back to the article's done step, or in JSON for a script.
"""

from django.http import JsonResponse

from articles.confirm import done_url
from articles.records import live, published_listicle, record
from soompi import versioned
from soompi.responses import Refused, private, refuse, refused, see_other, wants_json

from . import polls, reactions, readers
from .reader_posts import reader_post


@reader_post(one_transaction=False)  # reactions.react keeps its post and counts together
def react(request, reader, pk, slug):
    """POST `kind=<slug>`: react, move the reaction, or undo it by choosing the same kind."""
    listicle, kinds = versioned.read_many(record(pk), reactions.kinds_read())  # one round trip
    listicle = live(listicle)
    box = reactions.react(listicle, reader, request.POST, counts=wants_json(request), kinds=kinds)
    if box is not None:
        return private(JsonResponse(box.as_json()))
    return see_other(done_url(listicle, "react"))


def reaction_counts(request, pk, slug):
    """GET the counts and the reader's own reaction as JSON; private, never stored."""
    if request.method not in ("GET", "HEAD"):
        response = refuse(request, 405, "This address only answers GET.", json=True)
        response["Allow"] = "GET, HEAD"
        return response
    try:
        reader = readers.identify(request)
        listicle = published_listicle(pk)
        reactions.check_open(listicle)
    except Refused as refusal:
        return refused(request, refusal, json=True)
    return private(JsonResponse(reactions.box(listicle, reader).as_json()))


@reader_post
def vote(request, reader, pk, slug):
    """POST `entry=<id>`: vote for an entry, move the vote, or undo it by voting again."""
    listicle = published_listicle(pk)
    polls.check_open(listicle)
    numbered = listicle.numbered(listicle.entries.select_related("drama"))
    poll = polls.vote(listicle, reader, request.POST, numbered, results=wants_json(request))
    if poll is not None:
        return private(JsonResponse(poll.as_json()))
    return see_other(done_url(listicle, "vote"))

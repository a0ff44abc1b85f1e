"""Why a comment waits for a moderator: the reasons found when it is held, and how they read.

`Comment.hold_reasons` lists every reason found when the comment was last held, each a small
dict that keeps what the moderator needs to judge it, as it was at that moment:

    {"reason": "links", "count": 4, "limit": 2}     more links than `COMMENT_MAX_LINKS`
    {"reason": "blocked", "words": ["scam"]}        blocked words (`BlockedWord`), as listed
    {"reason": "spammed", "count": 1}               the author's comments marked spam lately
    {"reason": "first"}                             the author has no published comment yet
    {"reason": "flagged"}                           readers flagged it (their count is read live)

`Comment.held_for` keeps the one reason that decides what the author is told and what the queue
filters on (`primary`); a moderator's decision clears it and keeps the list, so the comment's
page still says why it had waited. Comments held before the list existed carry their `held_for`
alone (migration 0013).
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone

from soompi.lookalikes import skeleton

from .models import BlockedWord, Comment, CommentStatus, HeldFor
from .text import count_links

# Which reason `held_for` names when there are several: what the author most needs to hear first.
PRECEDENCE = [HeldFor.LINKS, HeldFor.BLOCKED, HeldFor.SPAMMED, HeldFor.FIRST, HeldFor.FLAGGED]


def blocked_words_in(text):
    """The blocked words `text` contains, compared as they look (`skeleton`): "scаm" with a
    Cyrillic "а", fullwidth "ｓｃａｍ", or "sc" and "am" around a zero-width space is "scam"."""
    words = list(BlockedWord.objects.values_list("word", flat=True))
    seen = skeleton(text)
    return [
        word
        for word in words
        if (shape := skeleton(word)) and re.search(rf"(?<!\w){re.escape(shape)}(?!\w)", seen)
    ]


def in_text(body):
    """The reasons the text alone gives to hold a comment, whoever wrote it."""
    reasons = []
    links = count_links(body)
    if links > settings.COMMENT_MAX_LINKS:
        reasons.append({"reason": HeldFor.LINKS.value, "count": links, "limit": settings.COMMENT_MAX_LINKS})
    words = blocked_words_in(body)
    if words:
        reasons.append({"reason": HeldFor.BLOCKED.value, "words": words})
    return reasons


def of_author(user):
    """The reasons the author's record gives: comments a moderator marked spam within
    `COMMENT_SPAM_MEMORY`, no published comment yet. One query."""
    mine = Comment.objects.filter(user=OuterRef("pk")).order_by()
    spam = mine.filter(
        status=CommentStatus.SPAM, decided_at__gte=timezone.now() - settings.COMMENT_SPAM_MEMORY
    )
    record = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            published=Exists(mine.filter(status=CommentStatus.PUBLISHED)),
            spammed=Subquery(spam.values("user").annotate(n=Count("pk")).values("n")[:1]),
        )
        .values("published", "spammed")
        .first()
    ) or {"published": False, "spammed": None}
    reasons = []
    if record["spammed"]:
        reasons.append({"reason": HeldFor.SPAMMED.value, "count": record["spammed"]})
    if not record["published"]:
        reasons.append({"reason": HeldFor.FIRST.value})
    return reasons


def primary(reasons):
    """The `held_for` value for these reasons: the first of them in `PRECEDENCE`, else NOTHING."""
    found = {reason["reason"] for reason in reasons}
    return next((held for held in PRECEDENCE if held.value in found), HeldFor.NOTHING)


def merged(reasons, more):
    """`reasons` with those of `more` whose kind is not listed yet added, in order."""
    found = {reason["reason"] for reason in reasons}
    return [*reasons, *(reason for reason in more if reason["reason"] not in found)]


def described(comment, flag_total=None):
    """The comment's reasons as a moderator reads them, e.g. ["First comment", "4 links (more than
    2)", "Blocked word: “scam”"]. `flag_total`, when known, says how many readers flagged it."""
    reasons = comment.hold_reasons or ([{"reason": comment.held_for}] if comment.held_for else [])
    return [line for reason in reasons if (line := describe(reason, flag_total))]


def describe(reason, flag_total=None):
    kind = reason.get("reason")
    if kind == HeldFor.LINKS and "count" in reason:
        return f"{reason['count']} links (more than {reason['limit']})"
    if kind == HeldFor.BLOCKED and reason.get("words"):
        words = ", ".join(f"“{word}”" for word in reason["words"])
        return f"Blocked word{'s' if len(reason['words']) > 1 else ''}: {words}"
    if kind == HeldFor.SPAMMED and reason.get("count"):
        count = reason["count"]
        return f"Author had {count} comment{'s' if count != 1 else ''} marked spam lately"
    if kind == HeldFor.FLAGGED and flag_total:
        return f"Flagged by {flag_total} reader{'s' if flag_total != 1 else ''}"
    if kind in HeldFor.values and kind:
        return HeldFor(kind).label
    return None

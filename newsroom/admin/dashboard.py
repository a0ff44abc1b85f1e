"""The newsroom's dashboard on the admin home page: what was sent back, what waits for review, what is
scheduled and what readers see now; and, for whoever may view dramas, the broken Watch Now links.

Four queries whatever the size of the newsroom, two more for the broken links;
`newsroom.templatetags.newsroom` puts them on the page.
"""

from collections import defaultdict

from django.db.models import BooleanField, Case, F, OuterRef, Q, Subquery, Value, When

from articles.models import Entry, Listicle, Status
from dramas import link_health
from dramas.link_checker import describe

from .. import workflow
from ..models import Transition

# Each list is capped; its heading links to the list of listicles filtered to show them all.
DASHBOARD_LIMIT = 20
RECENT_LIMIT = 10


def latest_transition(**filters):
    return Transition.objects.filter(listicle=OuterRef("pk"), **filters).order_by("-at", "-id")


def sent_back(user, limit=DASHBOARD_LIMIT):
    """Drafts an editor sent back with a note and nobody has resubmitted; a writer sees only their own."""
    send_back = workflow.MOVES["send-back"]
    latest = latest_transition()
    drafts = (
        Listicle.objects.filter(status=send_back.to)
        .annotate(
            came_from=Subquery(latest.values("from_status")[:1]),
            sent_back_at=Subquery(latest.values("at")[:1]),
            sent_back_by=Subquery(latest.values("by__username")[:1]),
            note=Subquery(latest.values("note")[:1]),
            moved_by=Subquery(latest.values("by")[:1]),
            # A writer who withdrew their own submission was not sent back.
            withdrawn=Case(
                When(Q(moved_by=F("created_by_id")) | Q(moved_by=F("author__user_id")), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .filter(came_from__in=send_back.sources, withdrawn=False)
        .select_related("author", "created_by")
    )
    if not workflow.is_editor(user):
        drafts = drafts.filter(Q(created_by=user) | Q(author__user=user))
    return list(drafts.order_by("-sent_back_at", "-id")[:limit])


def in_review(limit=DASHBOARD_LIMIT):
    """Listicles waiting for an editor, longest waiting first, with when and by whom they were submitted."""
    waiting = workflow.MOVES["submit"].to
    submissions = latest_transition(to_status=waiting)
    return list(
        Listicle.objects.filter(status=waiting)
        .select_related("author", "created_by")
        .annotate(
            submitted_at=Subquery(submissions.values("at")[:1]),
            submitted_by=Subquery(submissions.values("by__username")[:1]),
        )
        .order_by(F("submitted_at").asc(nulls_last=True), "id")[:limit]
    )


def scheduled(limit=DASHBOARD_LIMIT):
    """Published listicles whose time has not come yet, soonest first."""
    return list(Listicle.objects.scheduled().select_related("author").order_by("publish_at", "id")[:limit])


def recently_published(limit=RECENT_LIMIT):
    """What readers see now, newest first."""
    return list(Listicle.objects.published().select_related("author").order_by("-publish_at", "-id")[:limit])


def newsroom_dashboard(user):
    return {
        "sent_back": sent_back(user),
        "in_review": in_review(),
        "scheduled": scheduled(),
        "recently_published": recently_published(),
    }


def broken_watch_links(limit=DASHBOARD_LIMIT):
    """Watch links found broken, longest broken first, each with the live articles (published or
    scheduled) that show it, in two queries; `more` says the list was cut at `limit`."""
    links = list(link_health.broken_links()[: limit + 1])
    more, links = len(links) > limit, links[:limit]
    shown_in = defaultdict(list)
    if links:
        entries = (
            Entry.objects.filter(
                drama__in={link.drama_id for link in links}, listicle__status=Status.PUBLISHED
            )
            .order_by("listicle__title", "listicle_id")
            .values_list("drama_id", "listicle_id", "listicle__title")
            .distinct()
        )
        for drama_id, listicle_id, title in entries:
            shown_in[drama_id].append((listicle_id, title))
    for link in links:
        link.shown_in = shown_in[link.drama_id]
        link.answer = describe(link.last_status)
    return {"links": links, "more": more}

"""The newsroom's dashboard on the admin home page: what was sent back, what waits for review, what is
scheduled and what readers see now.

Four queries whatever the size of the newsroom; `articles.templatetags.newsroom` puts them on the page.
"""

from django.db.models import BooleanField, Case, F, OuterRef, Q, Subquery, Value, When

from .. import workflow
from ..models import Listicle, Transition

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

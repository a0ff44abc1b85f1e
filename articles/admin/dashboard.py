"""The editors' dashboard on the admin home page: what waits for review, what is scheduled, what is out.

Three queries whatever the size of the newsroom; `articles.templatetags.newsroom` puts them on the page.
"""

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from ..models import Listicle, Status, Transition

# Each list is capped; the changelist filter behind "See all" shows the rest.
DASHBOARD_LIMIT = 20
RECENT_LIMIT = 10


def in_review(limit=DASHBOARD_LIMIT):
    """Listicles waiting for an editor, longest waiting first, with when and by whom they were submitted."""
    submissions = Transition.objects.filter(listicle=OuterRef("pk"), to_status=Status.REVIEW).order_by(
        "-at", "-id"
    )
    return list(
        Listicle.objects.filter(status=Status.REVIEW)
        .select_related("author", "created_by")
        .annotate(
            submitted_at=Subquery(submissions.values("at")[:1]),
            submitted_by=Subquery(submissions.values("by__username")[:1]),
        )
        .order_by(F("submitted_at").asc(nulls_last=True), "id")[:limit]
    )


def scheduled(limit=DASHBOARD_LIMIT):
    """Published listicles whose time has not come yet, soonest first."""
    return list(
        Listicle.objects.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())
        .select_related("author")
        .order_by("publish_at", "id")[:limit]
    )


def recently_published(limit=RECENT_LIMIT):
    """What readers see now, newest first."""
    return list(Listicle.objects.published().select_related("author").order_by("-publish_at", "-id")[:limit])


def newsroom_dashboard():
    return {"in_review": in_review(), "scheduled": scheduled(), "recently_published": recently_published()}

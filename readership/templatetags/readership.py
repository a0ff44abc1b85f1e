"""`{% readership_report as report %}` on the admin's home page; `{% most_read_rail %}` on the
home page and under articles."""

from django import template
from django.conf import settings

from .. import most_read, report
from ..flush import flush_views

register = template.Library()


@register.simple_tag(takes_context=True)
def readership_report(context):
    """The readership report for the admin page's query string (`?days=30&sort=-views`), for staff who
    may see listicles; None for anyone else. Without a broker no beat runs (development): the views
    counted so far in this process are written first, so the report shows them."""
    request = context["request"]
    if not (request.user.is_staff and request.user.has_perm("articles.view_listicle")):
        return None
    if settings.CELERY_TASK_ALWAYS_EAGER:
        flush_views()
    return report.build(request.GET)


@register.inclusion_tag("readership/most_read.html")
def most_read_rail():
    """The "Most read this week" rail: the same for every reader, as last worked out (no query)."""
    return {"most_read": most_read.rail(), "days": most_read.RAIL_DAYS}

"""Template tags for the admin's home page: `{% newsroom_dashboard as dashboard %}`."""

from django import template

from ..admin.dashboard import newsroom_dashboard as build_dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context):
    """Sent back, in review, scheduled and recently published listicles, in four queries."""
    return build_dashboard(context["request"].user)

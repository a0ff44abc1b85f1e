"""Template tags for the admin's home page: `{% newsroom_dashboard as dashboard %}`."""

from django import template

from ..admin.dashboard import newsroom_dashboard as build_dashboard

register = template.Library()


@register.simple_tag
def newsroom_dashboard():
    """In review, scheduled and recently published listicles, in three queries."""
    return build_dashboard()

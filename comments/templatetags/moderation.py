"""`{% waiting_comments as count %}`: how many comments wait for a moderator, for the dashboard."""

from django import template

from ..comments import waiting_count

register = template.Library()


@register.simple_tag
def waiting_comments():
    return waiting_count()

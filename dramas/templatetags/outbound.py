"""`{{ link.url|with_utm:campaign }}`: a Watch Now address as readers follow it (`dramas.outbound`)."""

from django import template

from .. import outbound

register = template.Library()


@register.filter
def with_utm(url, campaign):
    return outbound.with_utm(url, campaign)

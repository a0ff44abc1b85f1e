"""Template tags for the admin's home page: `{% newsroom_dashboard as dashboard %}`,
`{% failed_sign_ins as alarms %}`, `{% broken_watch_links as broken %}`."""

from django import template

from accounts.failed_sign_ins import accounts_under_attack

from ..admin.dashboard import broken_watch_links as find_broken_watch_links
from ..admin.dashboard import newsroom_dashboard as build_dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context):
    """Sent back, in review, scheduled and recently published listicles, in four queries."""
    return build_dashboard(context["request"].user)


@register.simple_tag(takes_context=True)
def failed_sign_ins(context):
    """Accounts many addresses fail to sign in to, for editors; nothing for anyone else."""
    user = context["request"].user
    return accounts_under_attack() if user.has_perm("articles.publish_listicle") else []


@register.simple_tag(takes_context=True)
def broken_watch_links(context):
    """Broken watch links and the live articles showing them, for whoever may view dramas."""
    user = context["request"].user
    return find_broken_watch_links() if user.has_perm("dramas.view_drama") else {"links": [], "more": False}

"""What the link checker found, in the knowledge-base admin: a "Link status" column and filter on
the dramas and on the watch links, and a read-only "Link health" panel on a drama's page.

Statuses are the editors' business only: they appear in the admin and on the dashboard, never on a
reader's page (a broken link stays there for readers until an editor changes it).
"""

from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from .link_checker import describe
from .models import WatchLink

Health = WatchLink.Health


def _count(links):
    rows = links.order_by().values("drama").annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(rows), 0)


def drama_link_counts():
    """Per drama: its watch links, and how many are broken, failing and not checked (one query)."""
    links = WatchLink.objects.filter(drama=OuterRef("pk"))
    return {
        "watch_link_count": _count(links),
        "broken_link_count": _count(links.broken()),
        "failing_link_count": _count(links.failing()),
        "unchecked_link_count": _count(links.unchecked()),
    }


def drama_link_status(drama):
    """The drama list's "Link status" cell, worst first."""
    if drama.broken_link_count:
        return format_html(
            '<strong class="link-status link-status--broken">{} broken</strong>', drama.broken_link_count
        )
    if drama.failing_link_count:
        return format_html(
            '<span class="link-status link-status--failing">{} failing</span>', drama.failing_link_count
        )
    if drama.unchecked_link_count:
        return format_html('<span class="link-status">{} not checked yet</span>', drama.unchecked_link_count)
    return "All working" if drama.watch_link_count else "No links"


class DramaLinkStatusFilter(admin.SimpleListFilter):
    title = "link status"
    parameter_name = "link_status"

    def lookups(self, request, model_admin):
        return [
            (Health.BROKEN, "Has a broken link"),
            (Health.FAILING, "Has a link failing, not yet broken"),
            (Health.UNCHECKED, "Has a link not checked yet"),
            (Health.GOOD, "All links working"),
            ("none", "No links"),
        ]

    def queryset(self, request, queryset):
        filters = {
            Health.BROKEN: {"broken_link_count__gt": 0},
            Health.FAILING: {"failing_link_count__gt": 0},
            Health.UNCHECKED: {"unchecked_link_count__gt": 0},
            Health.GOOD: {
                "watch_link_count__gt": 0,
                "broken_link_count": 0,
                "failing_link_count": 0,
                "unchecked_link_count": 0,
            },
            "none": {"watch_link_count": 0},
        }.get(self.value())
        return queryset.filter(**filters) if filters is not None else queryset


class LinkStatusFilter(admin.SimpleListFilter):
    title = "link status"
    parameter_name = "link_status"

    def lookups(self, request, model_admin):
        return Health.choices

    def queryset(self, request, queryset):
        rule = {
            Health.BROKEN: queryset.broken,
            Health.FAILING: queryset.failing,
            Health.UNCHECKED: queryset.unchecked,
            Health.GOOD: queryset.good,
        }.get(self.value())
        return rule() if rule else queryset


def when(moment):
    if moment is None:
        return "never"
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(timespec="seconds"),  # HTML allows at most milliseconds
        date_format(local, "DATETIME_FORMAT"),
        naturaltime(moment),
    )


def link_status(link):
    """One link's status, as the watch-link list and the drama's inline show it."""
    health = link.health
    if health == Health.UNCHECKED:
        return Health.UNCHECKED.label
    if health == Health.GOOD:
        return format_html('<span class="link-status">Works ({})</span>', describe(link.last_status))
    return format_html(
        '<strong class="link-status link-status--{}">{}: {}</strong>',
        health,
        health.label,
        describe(link.last_status),
    )


def link_health_panel(links):
    """The drama page's read-only "Link health" table: each link with what its last check found."""
    if not links:
        return "No watch links yet."
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td><a href="{}" target="_blank" rel="noopener noreferrer">{}</a>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                link.get_provider_display(),
                link.url,
                link.url,
                format_html("<br>ends at {}", link.final_url)
                if link.health != Health.UNCHECKED and link.final_url and link.final_url != link.url
                else "",
                link_status(link),
                when(link.last_checked) if link.health != Health.UNCHECKED else "—",
                when(link.last_good) if link.health != Health.UNCHECKED else "—",
                link.failures if link.health != Health.UNCHECKED else "—",
            )
            for link in links
        ),
    )
    return format_html(
        '<table class="link-health"><thead><tr><th scope="col">Provider</th><th scope="col">Address</th>'
        '<th scope="col">Status</th><th scope="col">Last checked</th><th scope="col">Last working</th>'
        '<th scope="col">Failed checks in a row</th></tr></thead><tbody>{}</tbody></table>',
        rows,
    )

"""Dates in the admin in the newsroom's time zone (`TIME_ZONE`), with UTC as a hint.

`{% newsroom_time value %}` writes `<time>` with the date in the newsroom's time and its zone
("7 Dec 2026, 14:40 KST", `DATETIME_FORMAT` in soompi/formats) and the UTC time in its title;
`{% newsroom_time value hint=True %}` also shows the UTC time beside it.
`{{ value|html_datetime }}` is the value for a `<time datetime>` in the newsroom's time, to the
second: HTML allows at most milliseconds, and `|date:'c'` writes microseconds.
"""

from datetime import UTC

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import date_format as localized
from django.utils.html import format_html

register = template.Library()

IN_UTC = "H:i \\U\\T\\C, j M"


@register.filter
def html_datetime(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@register.simple_tag
def newsroom_time(value, hint=False):
    if not value:
        return "—"
    local = timezone.localtime(value)
    utc = date_format(value.astimezone(UTC), IN_UTC)
    shown = localized(local, "DATETIME_FORMAT")
    if hint:
        return format_html(
            '<time datetime="{}" title="{}">{}</time> <span class="utc-hint">({})</span>',
            html_datetime(local),
            utc,
            shown,
            utc,
        )
    return format_html('<time datetime="{}" title="{}">{}</time>', html_datetime(local), utc, shown)

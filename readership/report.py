"""The editors' readership report on the admin's home page: views per day as a chart, and per article
with their reactions and comments, over the last 7 or 30 days, sorted as the editor asks.

Four queries whatever the period or the number of articles (views, reactions, comments, titles);
`readership.templatetags.readership` puts it on the page and `readership.chart` draws it.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.models import Listicle
from comments.models import Comment, CommentStatus
from reactions.models import Reaction

from . import chart
from .models import ArticleDailyViews

PERIODS = (7, 30)
COLUMNS = {"title": "Article", "views": "Views", "reactions": "Reactions", "comments": "Comments"}
DEFAULT_SORT = "-views"
ROWS_SHOWN = 50


class ReportForm(forms.Form):
    """The report's query string: `days` (7 or 30) and `sort` (a column, `-` first for descending)."""

    days = forms.TypedChoiceField(
        choices=[(str(days), f"{days} days") for days in PERIODS],
        coerce=int,
        required=False,
        empty_value=PERIODS[0],
    )
    sort = forms.ChoiceField(
        choices=[(name, name) for column in COLUMNS for name in (column, f"-{column}")], required=False
    )

    def clean_days(self):
        return self.cleaned_data["days"] or PERIODS[0]

    def clean_sort(self):
        return self.cleaned_data["sort"] or DEFAULT_SORT


@dataclass
class ArticleRow:
    pk: int
    title: str = ""
    status: str = ""
    views: int = 0
    reactions: int = 0
    comments: int = 0
    per_day: list = field(default_factory=list)
    sparkline: object = None


@dataclass
class DayRow:
    day: object
    views: int = 0
    reactions: int = 0
    comments: int = 0


def build(query):
    """The report for a query string (`request.GET`): {"days", "sort", "errors", "days_rows",
    "articles", "more", "totals", "chart", "headers"}. An unknown period or sort is named in
    "errors", and the default shown in its place."""
    form = ReportForm(query)
    form.is_valid()
    days, sort = form.cleaned_data.get("days", PERIODS[0]), form.cleaned_data.get("sort", DEFAULT_SORT)
    errors = [f"{name}: {message}" for name, messages in form.errors.items() for message in messages]
    return report(days, sort) | {"errors": errors, "periods": PERIODS}


def report(days, sort=DEFAULT_SORT):
    today = timezone.localdate()
    since = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(since, time.min))
    dates = [since + timedelta(days=offset) for offset in range(days)]
    index = {day: position for position, day in enumerate(dates)}
    by_day = [DayRow(day) for day in dates]
    articles = {}

    def article(pk):
        if pk not in articles:
            articles[pk] = ArticleRow(pk, per_day=[0] * days)
        return articles[pk]

    views = ArticleDailyViews.objects.filter(day__gte=since, day__lte=today)
    for pk, day, count in views.values_list("listicle_id", "day", "views"):
        row = article(pk)
        row.views += count
        row.per_day[index[day]] += count
        by_day[index[day]].views += count
    tz = timezone.get_current_timezone()
    for name, queryset in (
        ("reactions", Reaction.objects.filter(created__gte=start)),
        (
            "comments",
            Comment.objects.filter(created__gte=start, status=CommentStatus.PUBLISHED, deleted=None),
        ),
    ):
        counted = (
            queryset.annotate(day=TruncDate("created", tzinfo=tz))
            .values("listicle_id", "day")
            .annotate(count=Count("pk"))
            .values_list("listicle_id", "day", "count")
            .order_by()
        )
        for pk, day, count in counted:
            row = article(pk)
            setattr(row, name, getattr(row, name) + count)
            if day in index:
                day_row = by_day[index[day]]
                setattr(day_row, name, getattr(day_row, name) + count)
    for pk, title, status in Listicle.objects.filter(pk__in=articles).values_list("pk", "title", "status"):
        articles[pk].title, articles[pk].status = title, status
    rows = sorted_rows([row for row in articles.values() if row.title], sort)
    for row in rows[:ROWS_SHOWN]:
        row.sparkline = chart.sparkline(row.per_day, dates)
    totals = DayRow(
        None, *(sum(getattr(day, name) for day in by_day) for name in ("views", "reactions", "comments"))
    )
    return {
        "days": days,
        "sort": sort,
        "days_rows": by_day,
        "articles": rows[:ROWS_SHOWN],
        "more": max(len(rows) - ROWS_SHOWN, 0),
        "totals": totals,
        "chart": chart.bars([(day.day, day.views) for day in by_day]),
        "headers": headers(days, sort),
    }


def sorted_rows(rows, sort):
    column = sort.lstrip("-")
    descending = sort.startswith("-")
    if column == "title":
        key = lambda row: (row.title.casefold(), row.pk)  # noqa: E731
    else:
        # Ties are broken by title, A to Z, whichever way the numbers go.
        rows = sorted(rows, key=lambda row: (row.title.casefold(), row.pk))
        key = lambda row: getattr(row, column)  # noqa: E731
    return sorted(rows, key=key, reverse=descending)


def headers(days, sort):
    """Each column's header: its label, the link that sorts by it (numbers most first, titles A to Z;
    the current column's link turns the order round) and its `aria-sort`."""
    found = []
    for column, label in COLUMNS.items():
        first = column if column == "title" else f"-{column}"
        if sort.lstrip("-") == column:
            order = "descending" if sort.startswith("-") else "ascending"
            following = column if sort.startswith("-") else f"-{column}"
        else:
            order, following = None, first
        found.append(
            {"column": column, "label": label, "query": f"?days={days}&sort={following}", "order": order}
        )
    return found

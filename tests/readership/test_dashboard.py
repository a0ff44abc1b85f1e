"""The readership report on the admin's home page: a chart of views per day and a table of articles
with their views, reactions and comments, over 7 or 30 days, sorted by links."""

import re
from datetime import timedelta
from html import unescape
from itertools import count

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reactions.models import Reaction, ReactionKind
from readership.models import ArticleDailyViews
from tests import factories

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")
readers = count()


def read(listicle, views, days_ago=0):
    ArticleDailyViews.objects.create(
        listicle=listicle, day=timezone.localdate() - timedelta(days=days_ago), views=views
    )


def react(listicle, times, days_ago=0):
    kind = ReactionKind.objects.first()
    for _ in range(times):
        reaction = Reaction.objects.create(listicle=listicle, kind=kind, reader=f"reader{next(readers)}")
        Reaction.objects.filter(pk=reaction.pk).update(created=timezone.now() - timedelta(days=days_ago))


def comment(listicle, times, days_ago=0, status="published"):
    for _ in range(times):
        factories.CommentFactory(
            listicle=listicle, status=status, created=timezone.now() - timedelta(days=days_ago)
        )


def section(html):
    start = html.index('id="readership"')
    return html[start : html.index("</table>", html.index("readership__articles", start))]


def article_rows(html):
    """[(title, views, reactions, comments)] of the articles' table, as an editor reads it."""
    table = section(html)[section(html).index("readership__articles") :]
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><a [^>]+>([^<]+)</a>.*?</tr>", table, re.S)
    cells = re.findall(
        r"<tr>\s*<th scope=\"row\">.*?</th>\s*<td class=\"readership__per-day\">.*?</td>"
        r"\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>",
        table,
        re.S,
    )
    return [(unescape(title), *cell) for title, cell in zip(rows, cells, strict=True)]


def day_rows(html):
    table = section(html)[section(html).index("readership__days") :]
    return re.findall(
        r"<time datetime=\"([\d-]+)\">[^<]+</time></th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>",
        table,
    )


@pytest.fixture
def newsroom():
    goblin = factories.PublishedListicleFactory(title="Goblin confessions")
    prince = factories.PublishedListicleFactory(title="Coffee Prince moments")
    archive = factories.PublishedListicleFactory(title="An old favourite")
    read(goblin, 1500, days_ago=0)
    read(goblin, 20, days_ago=3)
    read(prince, 700, days_ago=1)
    read(archive, 9000, days_ago=20)  # in the last 30 days only
    react(goblin, 3)
    react(prince, 5, days_ago=1)
    react(archive, 2, days_ago=25)
    comment(prince, 2)
    comment(goblin, 1, days_ago=2)
    comment(goblin, 4, status="pending")  # not on the page: not counted
    return goblin, prince, archive


def test_editor_sees_views_reactions_and_comments_per_article_for_the_week(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(ADMIN).content.decode()
    assert "Readership, last 7 days" in html
    assert article_rows(html) == [
        ("Goblin confessions", "1,520", "3", "1"),
        ("Coffee Prince moments", "700", "5", "2"),
    ]
    today = timezone.localdate()
    days = day_rows(html)
    assert len(days) == 7 and days[-1][0] == today.isoformat()
    assert days[-1][1:] == ("1,500", "3", "2")
    by_day = {day: numbers for day, *numbers in days}
    assert by_day[(today - timedelta(days=1)).isoformat()] == ["700", "5", "0"]
    assert by_day[(today - timedelta(days=3)).isoformat()] == ["20", "0", "0"]


def test_thirty_days_adds_what_was_read_before_the_week(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(ADMIN, {"days": "30"}).content.decode()
    assert "Readership, last 30 days" in html
    assert article_rows(html)[0] == ("An old favourite", "9,000", "2", "0")
    assert len(day_rows(html)) == 30
    assert '<a href="?days=7&amp;sort=-views#readership">Last 7 days</a>' in html


def test_chart_is_inline_svg_with_a_title_a_description_and_a_bar_per_day(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(ADMIN).content.decode()
    start = html.index("<svg viewBox")
    svg = html[start : html.index("</svg>", start) + 6]
    assert 'role="img"' in svg and 'aria-labelledby="readership-chart-title readership-chart-desc"' in svg
    assert '<title id="readership-chart-title">Article views per day, last 7 days</title>' in svg
    desc = re.search(r'<desc id="readership-chart-desc">(.*?)</desc>', svg, re.S).group(1)
    assert "2,220 views in all" in desc and "the most, 1,500, on" in desc
    assert svg.count('<rect class="readership__bar"') == 7
    assert "1,500 views</title>" in svg
    assert "<script" not in section(html) and "http" not in svg


def test_tallest_bar_is_the_busiest_day(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(ADMIN).content.decode()
    heights = [float(h) for h in re.findall(r'<rect class="readership__bar" [^>]*height="([\d.]+)"', html)]
    assert heights.index(max(heights)) == 6 and heights[5] < heights[6] and heights[0] == 0


@pytest.mark.parametrize(
    ("sort", "titles"),
    [
        ("-views", ["Goblin confessions", "Coffee Prince moments"]),
        ("views", ["Coffee Prince moments", "Goblin confessions"]),
        ("-reactions", ["Coffee Prince moments", "Goblin confessions"]),
        ("-comments", ["Coffee Prince moments", "Goblin confessions"]),
        ("title", ["Coffee Prince moments", "Goblin confessions"]),
        ("-title", ["Goblin confessions", "Coffee Prince moments"]),
    ],
)
def test_table_sorts_on_the_server_by_the_column_asked(client, editor, newsroom, sort, titles):
    client.force_login(editor)
    html = client.get(ADMIN, {"sort": sort}).content.decode()
    assert [row[0] for row in article_rows(html)] == titles


def test_column_headers_are_links_that_turn_the_order_round(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(ADMIN, {"days": "30", "sort": "-reactions"}).content.decode()
    assert (
        '<th scope="col" aria-sort="descending"><a href="?days=30&amp;sort=reactions#readership">Reactions'
        in html
    )
    assert '<a href="?days=30&amp;sort=-views#readership">Views</a>' in html
    assert '<a href="?days=30&amp;sort=title#readership">Article</a>' in html
    assert html.count("aria-sort=") == 1


@pytest.mark.parametrize("query", [{"days": "13"}, {"sort": "password"}, {"days": "x", "sort": "-views"}])
def test_an_unknown_period_or_order_is_named_and_the_week_shown(client, editor, newsroom, query):
    client.force_login(editor)
    response = client.get(ADMIN, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="errorlist"><li>' in section(html)
    assert ("days:" in html) if "days" in query and query["days"] != "7" else ("sort:" in html)
    assert "Readership, last 7 days" in html and article_rows(html)[0][0] == "Goblin confessions"


def test_a_wrong_order_keeps_the_period_asked(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(ADMIN, {"days": "30", "sort": "views; DROP TABLE"}).content.decode()
    assert "Readership, last 30 days" in html and "sort: Select a valid choice." in html
    assert article_rows(html)[0][0] == "An old favourite"


def test_a_hostile_query_is_shown_escaped(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(ADMIN, {"days": "<script>alert(1)</script>", "sort": '"><img src=x>'}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section(html)


def test_nothing_read_says_so(client, editor):
    client.force_login(editor)
    html = client.get(ADMIN).content.decode()
    assert "No views, reactions or comments in the last 7 days." in html
    assert "0 views in all." in html


def test_only_staff_who_may_see_listicles_see_the_report(client, reader, newsroom):
    client.force_login(reader)
    response = client.get(ADMIN)
    assert response.status_code == 302 and "login" in response["Location"]

    staff = factories.UserFactory(username="helpdesk", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(staff)
    html = client.get(ADMIN).content.decode()
    assert 'id="readership"' not in html and "Goblin confessions" not in html


def test_writers_see_the_report_too(client, writer, newsroom):
    client.force_login(writer)
    assert article_rows(client.get(ADMIN).content.decode())[0][0] == "Goblin confessions"


@pytest.mark.parametrize("days", ["7", "30"])
def test_report_costs_the_same_queries_however_many_articles_were_read(
    client, editor, newsroom, days, django_assert_max_num_queries
):
    client.force_login(editor)
    client.get(ADMIN)
    with CaptureQueriesContext(connection) as few:
        client.get(ADMIN, {"days": days})
    for n in range(12):
        listicle = factories.PublishedListicleFactory()
        read(listicle, n + 1, days_ago=n % 7)
        react(listicle, 1)
        comment(listicle, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(ADMIN, {"days": days}).content.decode()
    assert len(article_rows(html)) == (14 if days == "7" else 15)

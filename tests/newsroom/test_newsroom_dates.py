"""Every moment the newsroom's pages show is written one way, in the newsroom's time zone with the
zone named ("12 May 2017, 18:00 KST"): the dashboard, the change page with its status history and
revisions, and Django's own change lists."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from articles.models import Status
from newsroom import revisions
from newsroom.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2017, 5, 12, 9, 0, tzinfo=UTC)  # 18:00 in Seoul
# How a moment reads when something formats it on its own: Django's English default ("May 12, 2017,
# 6 p.m."), a bare ISO-like stamp, or a time with no zone after it.
OTHER_WAYS = re.compile(r"\b[ap]\.m\.|\d{4}-\d\d-\d\d \d\d:\d\d|\d\d:\d\d(?! [A-Z]{2,5}\b)(?! UTC)")


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r'\s(?:title|datetime|value|aria-label|data-[\w-]+)="[^"]*"', "", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def live(editor, writer, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    listicle = factories.ListicleFactory(title="Confessions", created_by=writer, author=writer.author)
    factories.EntryFactory(listicle=listicle)
    with time_machine.travel(PUBLISHED, tick=False):
        transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=PUBLISHED)
        revisions.record(listicle, user=editor)
    return listicle


@pytest.mark.parametrize(
    "url",
    [
        lambda listicle: reverse("admin:index"),
        lambda listicle: reverse("admin:articles_listicle_change", args=[listicle.pk]),
        lambda listicle: reverse("admin:articles_listicle_changelist"),
    ],
    ids=["dashboard", "change page", "change list"],
)
def test_newsroom_pages_write_every_moment_one_way_in_the_newsrooms_zone(client, editor, live, url):
    client.force_login(editor)

    text = visible_text(client.get(url(live)).content.decode())

    assert "12 May 2017, 18:00 KST" in text
    assert not OTHER_WAYS.findall(text), text


def test_a_comments_decision_time_is_in_the_newsrooms_zone(client, editor, live):
    comment = factories.CommentFactory(listicle=live)
    client.force_login(editor)
    with time_machine.travel(PUBLISHED, tick=False):
        client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve", "_selected_action": [comment.pk]},
        )
    comment.refresh_from_db()
    assert comment.decided_by == editor
    text = visible_text(
        client.get(reverse("admin:comments_comment_changelist"), follow=True).content.decode()
    )

    assert "12 May 2017, 18:00 KST" in text

"""The editors' dashboard on the admin home page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from newsroom.admin.dashboard import newsroom_dashboard
from newsroom.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def section(html, section_id):
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</table>", start)]


def test_dashboard_lists_review_scheduled_and_recent_with_links(client, editor, writer):
    waiting = factories.ListicleFactory(title="Waiting one", created_by=writer, author=writer.author)
    transition(waiting, to=Status.REVIEW, by=writer)
    soon = factories.PublishedListicleFactory(
        title="Coming soon", publish_at=timezone.now() + timedelta(days=1)
    )
    out = factories.PublishedListicleFactory(title="Out now")
    factories.ListicleFactory(title="Quiet draft")
    client.force_login(editor)

    html = client.get(reverse("admin:index")).content.decode()

    in_review = section(html, "newsroom-in-review")
    assert "Waiting one" in in_review and "Writer" in in_review and "<time datetime=" in in_review
    assert change_url(waiting) in in_review
    scheduled = section(html, "newsroom-scheduled")
    assert "Coming soon" in scheduled and change_url(soon) in scheduled
    recent = section(html, "newsroom-recently-published")
    assert "Out now" in recent and change_url(out) in recent
    assert "Coming soon" not in recent
    assert "Quiet draft" not in html
    assert html.index("newsroom-in-review") < html.index("app-articles")


def test_in_review_shows_when_and_by_whom_it_was_last_submitted(editor, writer):
    listicle = factories.ListicleFactory(created_by=writer)
    transition(listicle, to=Status.REVIEW, by=writer)
    transition(listicle, to=Status.DRAFT, by=editor, note="Fix it.")
    resubmitted = transition(listicle, to=Status.REVIEW, by=writer)

    [item] = newsroom_dashboard(editor)["in_review"]
    assert item.submitted_at == resubmitted.at
    assert item.submitted_by == "writer"


def test_in_review_lists_the_longest_waiting_first(editor, writer):
    first = factories.ListicleFactory(created_by=writer, title="First")
    second = factories.ListicleFactory(created_by=writer, title="Second")
    transition(first, to=Status.REVIEW, by=writer)
    transition(second, to=Status.REVIEW, by=writer)
    assert [item.title for item in newsroom_dashboard(editor)["in_review"]] == ["First", "Second"]


def test_scheduled_soonest_first_and_recent_newest_first_capped_at_ten(editor):
    now = timezone.now()
    for days in (3, 1, 2):
        factories.PublishedListicleFactory(title=f"In {days} days", publish_at=now + timedelta(days=days))
    for hours in range(12):
        factories.PublishedListicleFactory(
            title=f"{hours} hours ago", publish_at=now - timedelta(hours=hours + 1)
        )

    dashboard = newsroom_dashboard(editor)

    assert [item.title for item in dashboard["scheduled"]] == ["In 1 days", "In 2 days", "In 3 days"]
    assert [item.title for item in dashboard["recently_published"]] == [f"{h} hours ago" for h in range(10)]


def test_empty_dashboard_says_so(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Nothing waits for review." in html
    assert "Nothing is scheduled." in html
    assert "Nothing is published yet." in html


def test_dashboard_is_hidden_from_staff_who_cannot_see_listicles(client):
    staff = factories.UserFactory(is_staff=True)
    client.force_login(staff)
    assert "newsroom-in-review" not in client.get(reverse("admin:index")).content.decode()


def test_dashboard_queries_do_not_grow_with_the_newsroom(editor, writer, django_assert_num_queries):
    def add_some():
        for _ in range(3):
            listicle = factories.ListicleFactory(created_by=writer, author=writer.author)
            transition(listicle, to=Status.REVIEW, by=writer)
            returned = factories.ListicleFactory(created_by=writer)
            transition(returned, to=Status.REVIEW, by=writer)
            transition(returned, to=Status.DRAFT, by=editor, note="Again.")
            factories.PublishedListicleFactory(publish_at=timezone.now() + timedelta(days=1))
            factories.PublishedListicleFactory()

    add_some()
    with django_assert_num_queries(4):
        newsroom_dashboard(editor)
    add_some()
    with django_assert_num_queries(4):
        newsroom_dashboard(editor)


def test_admin_index_query_count_is_fixed(client, editor, writer, django_assert_max_num_queries):
    client.force_login(editor)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(50) as captured:
        client.get(reverse("admin:index"))
    baseline = len(captured.captured_queries)
    for _ in range(4):
        listicle = factories.ListicleFactory(created_by=writer, author=writer.author)
        transition(listicle, to=Status.REVIEW, by=writer)
        factories.PublishedListicleFactory()
        returned = factories.ListicleFactory(created_by=writer)
        transition(returned, to=Status.REVIEW, by=writer)
        transition(returned, to=Status.DRAFT, by=editor, note="Again.")
    with django_assert_max_num_queries(baseline):
        client.get(reverse("admin:index"))


def another_writer():
    user = factories.UserFactory(username="other", is_staff=True)
    user.groups.add(Group.objects.get(name="Writers"))
    return user


def sent_back_listicle(editor, writer, title, note="Add the clip.", **kwargs):
    listicle = factories.ListicleFactory(title=title, created_by=writer, **kwargs)
    transition(listicle, to=Status.REVIEW, by=writer)
    transition(listicle, to=Status.DRAFT, by=editor, note=note)
    return listicle


def test_a_writer_sees_what_was_sent_back_to_them_with_the_note(client, editor, writer):
    other = another_writer()
    mine = sent_back_listicle(editor, writer, "Mine", note="Entry 2 needs <em>a still</em>.")
    sent_back_listicle(editor, other, "Theirs")
    client.force_login(writer)

    html = client.get(reverse("admin:index")).content.decode()

    returned = section(html, "newsroom-sent-back")
    assert "Sent back to you" in returned
    assert change_url(mine) in returned
    assert "Entry 2 needs &lt;em&gt;a still&lt;/em&gt;." in returned
    assert "Theirs" not in returned
    assert html.index("newsroom-sent-back") < html.index("newsroom-in-review")


def test_editors_see_everything_that_was_sent_back(editor, writer):
    sent_back_listicle(editor, writer, "One")
    sent_back_listicle(editor, another_writer(), "Two")
    assert {item.title for item in newsroom_dashboard(editor)["sent_back"]} == {"One", "Two"}


def test_a_resubmitted_or_fresh_draft_is_not_listed_as_sent_back(editor, writer):
    resubmitted = sent_back_listicle(editor, writer, "Resubmitted")
    transition(resubmitted, to=Status.REVIEW, by=writer)
    factories.ListicleFactory(title="Fresh", created_by=writer)
    unpublished = factories.PublishedListicleFactory(title="Unpublished", created_by=writer)
    transition(unpublished, to=Status.DRAFT, by=editor)
    assert newsroom_dashboard(writer)["sent_back"] == []


def test_the_sent_back_section_is_left_out_when_empty(client, writer):
    client.force_login(writer)
    assert "newsroom-sent-back" not in client.get(reverse("admin:index")).content.decode()

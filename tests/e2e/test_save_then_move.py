"""In a real browser, a workflow button keeps what the editor typed: it saves, then moves."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Listicle, Status
from tests import factories
from tests.e2e.admin_session import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


def staff(username, group):
    user = factories.UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer():
    user = staff("writer", "Writers")
    factories.AuthorFactory(name="Writer", slug="writer", user=user)
    return user


@pytest.fixture
def draft(writer):
    listicle = factories.ListicleFactory(
        title="Three confessions", slug="three-confessions", created_by=writer, author=writer.author
    )
    for position in range(3):
        factories.full_entry(listicle, position=position)
    return listicle


def open_change_page(page, live_server, username, listicle):
    sign_in(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/listicle/{listicle.pk}/change/")


def test_a_writer_retitles_and_submits_for_review_and_the_title_is_kept(page, live_server, draft):
    open_change_page(page, live_server, "writer", draft)
    page.fill("#id_title", "Three confessions, retitled")

    with page.expect_navigation():
        page.get_by_role("button", name="Submit for review").click()

    saved = Listicle.objects.get(pk=draft.pk)
    assert (saved.title, saved.status) == ("Three confessions, retitled", Status.REVIEW)
    assert "Your changes were saved." in page.locator(".messagelist").inner_text()
    assert "An editor is reviewing it" in page.locator(".workflow-panel").inner_text()


def test_an_editor_types_a_dek_and_publishes_now_and_readers_see_it(page, live_server, draft):
    staff("editor", "Editors")
    open_change_page(page, live_server, "editor", draft)
    page.fill("#id_dek", "The scenes we replay.")

    with page.expect_navigation():
        page.get_by_role("button", name="Publish now").click()

    saved = Listicle.objects.get(pk=draft.pk)
    assert saved.dek == "The scenes we replay."
    assert saved.is_live
    reader = page.context.browser.new_page()
    reader.goto(live_server.url + saved.get_absolute_url())
    assert "The scenes we replay." in reader.locator("main").inner_text()
    reader.close()


def test_an_editor_types_a_dek_and_schedules_with_the_time_field(page, live_server, draft):
    staff("editor", "Editors")
    open_change_page(page, live_server, "editor", draft)
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    page.fill("#id_dek", "Coming Friday.")

    page.locator("summary", has_text="Schedule").click()
    page.fill("#id_workflow-schedule-publish_at", when.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule for this time").click()

    saved = Listicle.objects.get(pk=draft.pk)
    assert saved.dek == "Coming Friday."
    assert saved.is_scheduled and saved.publish_at == when


def test_enter_in_a_field_saves_without_moving_the_listicle(page, live_server, draft):
    staff("editor", "Editors")
    open_change_page(page, live_server, "editor", draft)
    page.fill("#id_title", "Three confessions, by Enter")

    with page.expect_navigation():
        page.press("#id_title", "Enter")

    saved = Listicle.objects.get(pk=draft.pk)
    assert (saved.title, saved.status) == ("Three confessions, by Enter", Status.DRAFT)
    assert not saved.transitions.exists()

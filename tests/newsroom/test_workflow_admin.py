"""The workflow in the listicle admin: the Publishing panel, its buttons, bulk actions, the status column."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle, Status
from newsroom.models import Transition
from newsroom.workflow import transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:articles_listicle_{name}", args=args)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(writer):
    listicle = factories.ListicleFactory(title="Confessions", created_by=writer, author=writer.author)
    factories.EntryFactory(listicle=listicle)
    return listicle


def buttons(response):
    return [button["label"] for button in response.context["workflow"]["buttons"]]


@pytest.mark.parametrize(
    ("status", "future", "labels"),
    [
        (Status.DRAFT, False, ["Submit for review", "Publish now", "Schedule"]),
        (Status.REVIEW, False, ["Send back to the writer", "Publish now", "Schedule"]),
        (Status.PUBLISHED, False, ["Unpublish", "Archive"]),
        (Status.PUBLISHED, True, ["Publish now", "Reschedule", "Cancel schedule", "Archive"]),
        (Status.ARCHIVED, False, ["Restore to draft"]),
    ],
)
def test_editor_sees_a_button_for_each_available_transition(client, editor, draft, status, future, labels):
    when = timezone.now() + timedelta(days=1 if future else -1)
    Listicle.objects.filter(pk=draft.pk).update(status=status, publish_at=when)
    client.force_login(editor)
    page = client.get(admin_url("change", draft.pk))
    assert buttons(page) == labels
    for button in page.context["workflow"]["buttons"]:
        slug = button["action"].slug
        assert f'form="listicle_form" name="_workflow" value="{slug}"'.encode() in page.content


def test_buttons_submit_the_change_form_with_its_csrf_token(client, editor, draft):
    """Pressing a button posts everything on the page, so nothing typed is lost (see test_save_then_move)."""
    client.force_login(editor)
    html = client.get(admin_url("change", draft.pk)).content.decode()
    start = html.index('class="module workflow-panel"')
    panel = html[start : html.index("</section>", start)]
    assert panel.count('method="post"') == 0
    assert panel.count('form="listicle_form" name="_workflow"') == 3
    assert panel.count('form="listicle_form"') == 5  # Enter's plain Save, three buttons, the schedule time
    form = html[html.index('id="listicle_form"') :]
    assert "csrfmiddlewaretoken" in form[: form.index("</form>")]


def test_status_column_and_filter_know_about_scheduling(client, editor):
    later = timezone.now() + timedelta(days=3)
    scheduled = factories.PublishedListicleFactory(title="Coming soon", publish_at=later)
    live = factories.PublishedListicleFactory(title="Out now")
    factories.ListicleFactory(title="Still a draft")
    client.force_login(editor)

    page = client.get(admin_url("changelist"))
    html = page.content.decode()
    assert "Scheduled for " in html
    assert ">Published<" in html and ">Draft<" in html

    page = client.get(admin_url("changelist"), {"publication": "scheduled"})
    assert list(page.context["cl"].result_list) == [scheduled]
    page = client.get(admin_url("changelist"), {"publication": "live"})
    assert list(page.context["cl"].result_list) == [live]


def test_submitting_for_review_from_the_change_page(client, writer, draft):
    client.force_login(writer)
    response = client.post(admin_url("transition", draft.pk, "submit"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert messages_of(response) == [
        "“Confessions” is in review. An editor will publish it or send it back with a note."
    ]
    page = client.get(admin_url("change", draft.pk))
    assert buttons(page) == ["Withdraw from review"]
    assert "An editor is reviewing it" in page.content.decode()


def test_send_back_without_a_note_keeps_the_form_and_changes_nothing(client, editor, draft):
    Listicle.objects.filter(pk=draft.pk).update(status=Status.REVIEW)
    client.force_login(editor)

    response = client.post(admin_url("transition", draft.pk, "send-back"), {"note": "   "})

    assert response.status_code == 400
    assert "Write a note telling the writer what to change." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW


def test_the_writer_sees_the_latest_send_back_note_until_resubmitting(client, editor, writer, draft):
    transition(draft, to=Status.REVIEW, by=writer)
    client.force_login(editor)
    response = client.post(
        admin_url("transition", draft.pk, "send-back"), {"note": "Entry 1 needs <b>a clip</b>."}
    )
    assert response.status_code == 302

    client.force_login(writer)
    page = client.get(admin_url("change", draft.pk))
    html = page.content.decode()
    assert page.context["workflow"]["sent_back"].note == "Entry 1 needs <b>a clip</b>."
    assert "Sent back by editor" in html
    assert "Entry 1 needs &lt;b&gt;a clip&lt;/b&gt;." in html
    assert page.context["has_change_permission"]

    client.post(admin_url("transition", draft.pk, "submit"))
    client.force_login(editor)
    page = client.get(admin_url("change", draft.pk))
    assert page.context["workflow"]["sent_back"] is None


def test_publish_now_refused_by_the_checks_names_the_problems(client, editor):
    listicle = factories.ListicleFactory(title="3 Kisses", author=None)
    factories.EntryFactory(listicle=listicle)
    client.force_login(editor)

    page = client.get(admin_url("change", listicle.pk))
    problems = page.context["workflow"]["problems"]
    assert len(problems) == 2
    assert "Before it can be published" in page.content.decode()
    assert "disabled" in page.content.decode()

    response = client.post(admin_url("transition", listicle.pk, "publish"))
    [message] = messages_of(response)
    assert message.startswith("“3 Kisses” cannot be published yet:")
    assert all(problem in message for problem in problems)
    listicle.refresh_from_db()
    assert listicle.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_a_ready_listicle_says_so_before_publishing(client, editor, draft):
    client.force_login(editor)
    page = client.get(admin_url("change", draft.pk))
    assert "Ready to publish" in page.content.decode()


def test_scheduling_from_the_change_page(client, editor, draft, settings):
    settings.TIME_ZONE = "UTC"  # the times typed and expected below are UTC
    client.force_login(editor)
    moment = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(moment, tick=False):
        response = client.post(
            admin_url("transition", draft.pk, "schedule"),
            {"publish_at": (moment + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publish_at == moment + timedelta(days=2)
    assert draft.is_scheduled
    assert messages_of(response)[0].startswith("“Confessions” is scheduled for ")


def scheduled_listicle(editor, draft, when):
    transition(draft, to=Status.PUBLISHED, by=editor, publish_at=when)
    return draft


def test_publishing_a_scheduled_listicle_early_is_one_recorded_step(client, editor, draft):
    later = timezone.now().replace(microsecond=0) + timedelta(days=3)
    scheduled_listicle(editor, draft, later)
    client.force_login(editor)
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        response = client.post(admin_url("transition", draft.pk, "publish-early"))

    draft.refresh_from_db()
    assert draft.is_live
    assert (draft.publish_at, draft.first_published_at) == (moment, moment)
    steps = list(draft.transitions.order_by("id").values_list("from_status", "to_status", "publish_at"))
    assert steps == [("draft", "published", later), ("published", "published", moment)]
    assert messages_of(response)[0].startswith(
        "“Confessions” is published now instead of at its scheduled time"
    )


def test_rescheduling_moves_the_time_and_keeps_it_scheduled(client, editor, draft, settings):
    settings.TIME_ZONE = "UTC"  # the times typed and expected below are UTC
    scheduled_listicle(editor, draft, timezone.now() + timedelta(days=3))
    client.force_login(editor)
    later = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)

    response = client.post(
        admin_url("transition", draft.pk, "reschedule"), {"publish_at": later.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert draft.publish_at == later
    assert draft.first_published_at == later
    rescheduled = draft.transitions.get(from_status=Status.PUBLISHED)
    assert (rescheduled.to_status, rescheduled.publish_at, rescheduled.by) == (
        Status.PUBLISHED,
        later,
        editor,
    )
    assert draft.transitions.count() == 2


def test_publishing_early_is_all_or_nothing(client, editor, draft):
    """If the listicle no longer passes the checks, it stays scheduled rather than falling back to draft."""
    later = timezone.now() + timedelta(days=3)
    scheduled_listicle(editor, draft, later)
    draft.entries.all().delete()
    client.force_login(editor)

    response = client.post(admin_url("transition", draft.pk, "publish-early"))

    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (Status.PUBLISHED, later)
    assert draft.transitions.count() == 1
    assert "cannot be published yet" in messages_of(response)[0]


def test_early_publication_and_rescheduling_do_not_apply_to_a_live_listicle(client, editor, draft):
    transition(draft, to=Status.PUBLISHED, by=editor)
    client.force_login(editor)
    for action in ("publish-early", "reschedule"):
        response = client.post(admin_url("transition", draft.pk, action), {"publish_at": "2099-01-01T09:00"})
        assert "does not apply" in messages_of(response)[-1]
    assert draft.transitions.count() == 1


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "Choose when readers should see it."),
        ("next tuesday", "Enter a date and time."),
        ("2001-01-01T09:00", "Choose a time in the future."),
    ],
)
def test_scheduling_needs_a_valid_future_time(client, editor, draft, value, error):
    client.force_login(editor)
    response = client.post(admin_url("transition", draft.pk, "schedule"), {"publish_at": value})
    assert response.status_code == 400
    assert error in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_stale_button_is_refused_with_a_message(client, editor, draft):
    client.force_login(editor)
    client.post(admin_url("transition", draft.pk, "publish"))
    response = client.post(admin_url("transition", draft.pk, "submit"))
    assert messages_of(response)[-1] == (
        "“Confessions” is published, so it cannot move to In review. "
        "Reload the page to see what can be done now."
    )


def test_an_action_that_does_not_apply_to_the_status_is_refused(client, editor, draft):
    """Restore and Unpublish both lead to Draft, but Restore starts only from Archived."""
    Listicle.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED, publish_at=timezone.now())
    client.force_login(editor)
    response = client.post(admin_url("transition", draft.pk, "restore"))
    assert messages_of(response) == ["“Confessions” is published: “Restore to draft” does not apply."]
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_transition_history_is_listed_on_the_change_page(client, editor, writer, draft):
    transition(draft, to=Status.REVIEW, by=writer, note="First go.")
    transition(draft, to=Status.DRAFT, by=editor, note="Tighten the intro.")
    client.force_login(editor)
    page = client.get(admin_url("change", draft.pk))
    html = page.content.decode()
    history = html[html.index("Status history") :]
    assert [(row.by, row.note) for row in page.context["workflow"]["history"]] == [
        (editor, "Tighten the intro."),
        (writer, "First go."),
    ]
    assert history.index("Tighten the intro.") < history.index("First go.")
    assert "<td>writer</td>" in history and "<td>In review</td>" in history


def test_the_history_says_when_a_published_listicle_got_a_new_time(client, editor, draft):
    soon = timezone.now() + timedelta(days=1)
    later = (timezone.now() + timedelta(days=4)).replace(second=0, microsecond=0)
    transition(draft, to=Status.PUBLISHED, by=editor, publish_at=soon)
    transition(draft, to=Status.PUBLISHED, by=editor, publish_at=later)
    client.force_login(editor)

    html = client.get(admin_url("change", draft.pk)).content.decode()

    history = html[html.index("Status history") :]
    assert history.count("<td>Published</td>") == 1  # the From of the reschedule row
    assert f'Published, rescheduled for <time datetime="{timezone.localtime(later).isoformat()}"' in history
    assert "Published, scheduled for " in history


def test_transitions_are_logged_in_the_admin_history(client, editor, draft):
    client.force_login(editor)
    client.post(admin_url("transition", draft.pk, "publish"))
    page = client.get(admin_url("history", draft.pk))
    assert "Publish now (Draft → Published)" in page.content.decode()


def test_change_page_query_count_does_not_grow_with_history(
    client, editor, writer, draft, django_assert_max_num_queries
):
    client.force_login(editor)
    client.get(admin_url("change", draft.pk))
    for _ in range(5):
        transition(draft, to=Status.REVIEW, by=writer)
        transition(draft, to=Status.DRAFT, by=editor, note="Again.")
    with django_assert_max_num_queries(40) as few:
        client.get(admin_url("change", draft.pk))
    baseline = len(few.captured_queries)
    for _ in range(5):
        transition(draft, to=Status.REVIEW, by=writer)
        transition(draft, to=Status.DRAFT, by=editor, note="Again.")
    with django_assert_max_num_queries(baseline):
        client.get(admin_url("change", draft.pk))


# Bulk actions


def bulk(client, action, listicles):
    return client.post(
        admin_url("changelist"),
        {"action": action, "_selected_action": [listicle.pk for listicle in listicles], "index": 0},
    )


def test_bulk_publish_reports_what_was_refused_and_why(client, editor):
    ready = factories.ListicleFactory(title="Ready one")
    factories.EntryFactory(listicle=ready)
    empty = factories.ListicleFactory(title="Empty one")
    archived = factories.ListicleFactory(title="Old one", status=Status.ARCHIVED)
    client.force_login(editor)

    response = bulk(client, "publish_selected", [ready, empty, archived])

    statuses = dict(Listicle.objects.values_list("title", "status"))
    assert statuses == {"Ready one": "published", "Empty one": "draft", "Old one": "archived"}
    found = messages_of(response)
    assert "1 listicle published." in found
    assert any(m.startswith("Not published: “Empty one” cannot be published yet:") for m in found)
    assert "Not published: “Old one” is archived, so it cannot move to Published. " in " ".join(found)


def test_bulk_submit_by_a_writer_moves_only_their_own_drafts(client, writer, draft):
    other = factories.ListicleFactory(title="Someone else's")
    client.force_login(writer)

    response = bulk(client, "submit_selected", [draft, other])

    draft.refresh_from_db()
    other.refresh_from_db()
    assert (draft.status, other.status) == (Status.REVIEW, Status.DRAFT)
    assert "1 listicle submitted for review." in messages_of(response)
    assert any("“Someone else's” is not yours" in m for m in messages_of(response))


@pytest.mark.parametrize(
    ("action", "start", "end", "done"),
    [
        ("unpublish_selected", Status.PUBLISHED, Status.DRAFT, "2 listicles unpublished."),
        ("archive_selected", Status.PUBLISHED, Status.ARCHIVED, "2 listicles archived."),
    ],
)
def test_bulk_unpublish_and_archive(client, editor, action, start, end, done):
    listicles = factories.PublishedListicleFactory.create_batch(2)
    client.force_login(editor)
    response = bulk(client, action, listicles)
    assert set(Listicle.objects.values_list("status", flat=True)) == {end}
    assert Transition.objects.filter(from_status=start, to_status=end, by=editor).count() == 2
    assert done in messages_of(response)


def test_editing_the_form_cannot_move_the_publication_time_past_the_workflow(client, editor, draft):
    """Only the buttons change what readers see, so every change is checked and recorded."""
    transition(draft, to=Status.PUBLISHED, by=editor)
    published_at = Listicle.objects.get(pk=draft.pk).publish_at
    client.force_login(editor)
    url = admin_url("change", draft.pk)
    page = client.get(url)
    assert 'name="publish_at' not in page.content.decode()

    next_year = (timezone.now() + timedelta(days=365)).strftime("%Y-%m-%d")
    data = form_values(
        page, publish_at_0=next_year, publish_at_1="09:00:00", title="Retitled", _draft="publish"
    )
    response = client.post(url, data)

    assert response.status_code == 303  # saved into the draft, which is then published
    listicle = Listicle.objects.get(pk=draft.pk)
    assert listicle.title == "Retitled"
    assert listicle.publish_at == published_at
    assert listicle.is_live


def test_admin_dates_show_the_newsrooms_time_zone_with_utc_as_a_hint(client, editor, draft, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    later = datetime(2099, 5, 12, 9, 0, tzinfo=UTC)
    transition(draft, to=Status.PUBLISHED, by=editor, publish_at=later)
    client.force_login(editor)

    html = client.get(admin_url("change", draft.pk)).content.decode()

    assert "scheduled for <time" in html
    assert "12 May 2099, 18:00 KST</time>" in html
    assert "(09:00 UTC, 12 May)" in html
    assert "(Asia/Seoul)" in html  # the scheduling fields name the zone they are typed in

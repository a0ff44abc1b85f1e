"""The workflow buttons of the change page save what the editor typed first, then make the move.

Each button is a submit button of the change form carrying the move it asks for (`_workflow`):
the form is validated and saved as by "Save" (with the edit-conflict check), then the move is
made. When the form does not validate, it comes back with what was typed and nothing moves.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle, Status
from newsroom.models import Transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(writer):
    listicle = factories.ListicleFactory(title="Confessions", created_by=writer, author=writer.author)
    factories.EntryFactory(listicle=listicle)
    return listicle


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def press(client, listicle, button, **typed):
    """Load the change page, type over some fields, and press a workflow button."""
    page = client.get(change_url(listicle))
    return client.post(change_url(listicle), {**form_values(page, **typed), "_workflow": button})


def test_a_writer_retitles_and_submits_for_review_and_the_title_is_kept(client, writer, draft):
    client.force_login(writer)

    response = press(client, draft, "submit", title="Confessions, retitled")

    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Confessions, retitled", Status.REVIEW)
    assert messages_of(response) == [
        "Your changes were saved. “Confessions, retitled” is in review. "
        "An editor will publish it or send it back with a note."
    ]
    assert list(draft.transitions.values_list("from_status", "to_status", "by")) == [
        ("draft", "review", writer.pk)
    ]
    assert draft.revisions.latest("id").snapshot["title"] == "Confessions, retitled"


def test_an_editor_types_a_dek_and_publishes_now_and_it_goes_live_with_it(client, editor, draft):
    client.force_login(editor)

    response = press(client, draft, "publish", dek="The scenes we replay.")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.dek == "The scenes we replay."
    assert draft.is_live
    assert messages_of(response) == [
        "Your changes were saved. “Confessions” is published: readers see it now."
    ]


def test_an_invalid_form_comes_back_with_what_was_typed_and_nothing_moves(client, writer, draft):
    client.force_login(writer)

    response = press(client, draft, "submit", title="", dek="A dek I typed")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "title" in form.errors
    assert form["dek"].value() == "A dek I typed"
    draft.refresh_from_db()
    assert (draft.title, draft.dek, draft.status) == ("Confessions", "", Status.DRAFT)
    assert not Transition.objects.exists()


def test_a_form_overtaken_by_another_save_is_refused_and_nothing_moves(client, editor, draft):
    client.force_login(editor)
    page = client.get(change_url(draft))
    other = Client()
    other.force_login(editor)
    other.post(change_url(draft), form_values(other.get(change_url(draft)), title="Saved elsewhere"))

    response = client.post(
        change_url(draft), {**form_values(page, title="Mine too", dek="Mine"), "_workflow": "publish"}
    )

    assert response.status_code == 200
    assert "your changes were not saved" in response.content.decode()
    assert response.context["adminform"].form["dek"].value() == "Mine"
    draft.refresh_from_db()
    assert (draft.title, draft.dek, draft.status) == ("Saved elsewhere", "", Status.DRAFT)
    assert not Transition.objects.exists()


def test_a_form_merged_with_another_save_is_saved_but_does_not_move(client, editor, draft):
    client.force_login(editor)
    page = client.get(change_url(draft))
    other = Client()
    other.force_login(editor)
    other.post(change_url(draft), form_values(other.get(change_url(draft)), title="Saved elsewhere"))

    response = client.post(change_url(draft), {**form_values(page, dek="Mine"), "_workflow": "publish"})

    assert response.status_code == 302
    texts = [str(message) for message in messages_of(response)]
    assert any(
        "merged with what you saved in another window while you were editing" in text for text in texts
    )
    assert any("The article was not moved: look over the merged article" in text for text in texts)
    draft.refresh_from_db()
    assert (draft.title, draft.dek, draft.status) == ("Saved elsewhere", "Mine", Status.DRAFT)
    assert not Transition.objects.exists()


def test_a_move_the_checks_refuse_still_keeps_the_saved_changes(client, editor, draft):
    client.force_login(editor)

    response = press(client, draft, "publish", title="12 Confessions")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("12 Confessions", Status.DRAFT)
    [message] = messages_of(response)
    assert message.startswith("Your changes were saved. “12 Confessions” cannot be published yet: ")
    assert "The headline promises 12 but there is 1 entry" in message


def test_scheduling_from_the_change_form_saves_then_schedules(client, editor, draft, settings):
    settings.TIME_ZONE = "UTC"  # the times typed and expected below are UTC
    client.force_login(editor)
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)

    response = press(
        client,
        draft,
        "schedule",
        dek="Friday's list",
        workflow__schedule__publish_at=when.strftime("%Y-%m-%dT%H:%M"),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.dek == "Friday's list"
    assert draft.is_scheduled and draft.publish_at == when


def test_a_missing_time_saves_the_changes_and_asks_for_the_time_again(client, editor, draft):
    client.force_login(editor)

    response = press(client, draft, "schedule", dek="Kept", workflow__schedule__publish_at="2001-01-01T09:00")

    assert response.status_code == 400
    assert "Choose a time in the future." in response.content.decode()
    transition_url = reverse("admin:articles_listicle_transition", args=[draft.pk, "schedule"])
    assert f'action="{transition_url}"' in response.content.decode()
    draft.refresh_from_db()
    assert (draft.dek, draft.status) == ("Kept", Status.DRAFT)


def test_sending_back_with_a_note_from_the_change_form(client, editor, writer, draft):
    Listicle.objects.filter(pk=draft.pk).update(status=Status.REVIEW)
    client.force_login(editor)

    response = press(
        client, draft, "send-back", intro="Tightened.", **{"workflow-send-back-note": "Add a clip."}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.intro, draft.status) == ("Tightened.", Status.DRAFT)
    assert draft.transitions.get().note == "Add a clip."


def test_a_writer_pressing_an_editors_button_by_hand_saves_but_does_not_move(client, writer, draft):
    client.force_login(writer)

    response = press(client, draft, "publish", dek="Mine")

    draft.refresh_from_db()
    assert (draft.dek, draft.status) == ("Mine", Status.DRAFT)
    assert messages_of(response) == ["Your changes were saved. Only editors can publish “Confessions”."]


def test_an_unknown_button_saves_and_says_so(client, editor, draft):
    client.force_login(editor)

    response = press(client, draft, "launch", dek="Mine")

    draft.refresh_from_db()
    assert (draft.dek, draft.status) == ("Mine", Status.DRAFT)
    assert messages_of(response) == ["Your changes were saved. There is no such workflow action."]


def test_plain_save_still_just_saves(client, writer, draft):
    client.force_login(writer)
    page = client.get(change_url(draft))

    response = client.post(change_url(draft), {**form_values(page, dek="Only saved"), "_continue": "1"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.dek, draft.status) == ("Only saved", Status.DRAFT)

"""A writer withdraws their own submission from review, to keep working on it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Status
from newsroom import workflow
from newsroom.admin.dashboard import sent_back
from newsroom.models import Transition
from newsroom.workflow import TransitionRefused, transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(writer):
    listicle = factories.ListicleFactory(title="Confessions", created_by=writer, author=writer.author)
    factories.EntryFactory(listicle=listicle)
    transition(listicle, to=Status.REVIEW, by=writer)
    return listicle


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def test_a_writer_withdraws_their_submission_from_the_change_page_and_can_edit_again(
    client, writer, submitted
):
    client.force_login(writer)
    page = client.get(change_url(submitted))
    assert [button["label"] for button in page.context["workflow"]["buttons"]] == ["Withdraw from review"]

    button = page.content.decode().split('value="withdraw"')[1].split(">")[0]
    url = reverse("admin:articles_listicle_transition", args=[submitted.pk, "withdraw"])
    assert f'formaction="{url}"' in button  # the page is read-only for them: the button posts the move
    response = client.post(url, form_values(page))

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    record = Transition.objects.latest("id")
    assert (record.from_status, record.to_status, record.by) == (Status.REVIEW, Status.DRAFT, writer)
    again = client.get(change_url(submitted))
    assert "Sent back by" not in again.content.decode()
    assert "Submit for review" in [button["label"] for button in again.context["workflow"]["buttons"]]


def test_a_withdrawn_draft_is_not_listed_as_sent_back(writer, editor, submitted):
    transition(submitted, to=Status.DRAFT, by=writer, move="withdraw")
    assert sent_back(writer) == []
    assert sent_back(editor) == []


def test_another_writer_cannot_withdraw_it(submitted):
    other = factories.UserFactory(username="other", is_staff=True)
    other.groups.add(Group.objects.get(name="Writers"))
    with pytest.raises(TransitionRefused, match="Only the writer of “Confessions” can withdraw from review"):
        transition(submitted, to=Status.DRAFT, by=other, move="withdraw")
    submitted.refresh_from_db()
    assert submitted.status == Status.REVIEW


def test_a_writer_still_cannot_send_back_even_their_own(writer, submitted):
    with pytest.raises(TransitionRefused, match="Only editors can send back “Confessions”"):
        transition(submitted, to=Status.DRAFT, by=writer, note="A note.", move="send-back")
    assert workflow.move_refusal(submitted, workflow.MOVES["send-back"], writer)


def test_an_editors_send_back_still_needs_a_note(editor, submitted):
    with pytest.raises(TransitionRefused, match="Write a note"):
        transition(submitted, to=Status.DRAFT, by=editor)
    transition(submitted, to=Status.DRAFT, by=editor, note="Add the clip.")
    assert [listicle.pk for listicle in sent_back(editor)] == [submitted.pk]

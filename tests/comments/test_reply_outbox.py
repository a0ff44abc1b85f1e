"""Reply emails are owed in the database with the reply: a broker that is down loses none, and
however the sending is retried or raced, each email goes once."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReaderProfile
from comments import notifications
from comments.models import Comment, CommentStatus, ReplyEmail
from soompi.celery import app
from tests import factories

JSON = {"HTTP_ACCEPT": "application/json"}
BROKER_DOWN = mock.patch("comments.notifications.notify_reply.delay", side_effect=OSError("broker down"))


@pytest.fixture
def in_process():
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def conversation(listicle):
    """Mina asked for reply emails and wrote a comment; Jun, an established reader, will answer."""
    mina = factories.reader_account("Mina", username="mina", email="mina@example.com")
    ReaderProfile.objects.filter(user=mina).update(reply_emails=True)
    jun = factories.reader_account("Jun", username="jun")
    factories.CommentFactory(user=jun)
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Coffee Prince forever")
    return jun, comment


def reply(client, jun, comment, body="I agree!"):
    client.force_login(jun)
    url = reverse("articles:comments", args=[comment.listicle.pk, comment.listicle.slug])
    response = client.post(url, {"body": body, "parent": comment.pk}, **JSON)
    assert response.status_code == 201
    return Comment.objects.get(pk=response.json()["id"])


@pytest.fixture
def broker_was_down(client, listicle, in_process, django_capture_on_commit_callbacks, caplog):
    """A reply saved while the broker could not take its task."""
    jun, comment = conversation(listicle)
    with BROKER_DOWN, django_capture_on_commit_callbacks(execute=True):
        answer = reply(client, jun, comment)
    assert f"Could not queue the reply email for comment {answer.pk}" in caplog.text
    return answer


def test_a_reply_saved_while_the_broker_is_down_keeps_its_email_in_the_outbox(broker_was_down):
    row = ReplyEmail.objects.get(comment=broker_was_down)
    assert (row.state, row.attempts, row.sent_at) == ("pending", 0, None)
    assert mail.outbox == []


def test_the_command_sends_a_waiting_email_once_however_often_it_runs(broker_was_down, capsys):
    call_command("send_pending_emails")
    assert "1 sent" in capsys.readouterr().out
    call_command("send_pending_emails")
    assert "No reply emails waiting." in capsys.readouterr().out
    assert [email.to for email in mail.outbox] == [["mina@example.com"]]
    row = ReplyEmail.objects.get(comment=broker_was_down)
    assert (row.state, row.attempts) == ("sent", 1)
    assert row.sent_at is not None


def test_a_task_retried_after_the_command_sent_the_email_sends_nothing(broker_was_down):
    call_command("send_pending_emails")
    assert notifications.notify_reply.apply(args=[broker_was_down.pk]).get() == "already taken"
    assert len(mail.outbox) == 1


def test_two_claims_on_one_email_give_it_to_one_sender(broker_was_down):
    assert notifications.claim(broker_was_down.pk) is True
    assert notifications.claim(broker_was_down.pk) is False


def test_a_second_sender_arriving_mid_send_sends_nothing(broker_was_down):
    """While the first sender talks to the mail server, a worker and the command both try."""
    real_send = mail.EmailMessage.send
    others = []

    def slow_send(message, *args, **kwargs):
        others.append(notifications.send_reply_email(broker_was_down.pk))
        others.append(notifications.send_pending())
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", slow_send):
        assert notifications.send_reply_email(broker_was_down.pk) == "sent"
    assert others == ["already taken", {}]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_in_threads_send_once(listicle):
    jun, comment = conversation(listicle)
    answer = Comment.objects.create(listicle=listicle, user=jun, parent=comment, body="Same here")
    ReplyEmail.objects.create(comment=answer)
    start = threading.Barrier(4)
    outcomes = []

    def sender():
        try:
            start.wait()
            outcomes.append(notifications.send_reply_email(answer.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already taken"] * 3 + ["sent"]
    assert len(mail.outbox) == 1


def test_a_refused_send_stays_owed_until_it_goes_then_gives_up_after_the_last_attempt(
    broker_was_down, settings
):
    with mock.patch.object(mail.EmailMessage, "send", side_effect=ConnectionError("SMTP down")):
        assert notifications.send_pending() == {"failed": 1}
    row = ReplyEmail.objects.get(comment=broker_was_down)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "SMTP down")
    ReplyEmail.objects.filter(pk=row.pk).update(attempts=notifications.MAX_ATTEMPTS - 1)
    with mock.patch.object(mail.EmailMessage, "send", side_effect=ConnectionError("SMTP down")):
        notifications.send_pending()
    assert ReplyEmail.objects.get(pk=row.pk).state == "failed"
    assert notifications.send_pending() == {}
    assert mail.outbox == []


def test_a_worker_that_died_mid_send_leaves_a_claim_taken_again_later(broker_was_down):
    assert notifications.claim(broker_was_down.pk)
    assert notifications.send_pending() == {}, "a fresh claim belongs to its worker"
    stale = timezone.now() - notifications.STALE_CLAIM - timedelta(seconds=1)
    ReplyEmail.objects.filter(comment=broker_was_down).update(claimed_at=stale)
    assert notifications.send_pending() == {"sent": 1}
    assert len(mail.outbox) == 1


def test_the_next_queued_reply_asks_for_a_sweep_of_older_waiting_emails(
    client, broker_was_down, django_capture_on_commit_callbacks
):
    ReplyEmail.objects.update(created=timezone.now() - timedelta(minutes=5))
    jun = broker_was_down.user
    app.conf.task_always_eager = False  # a broker again (restored by `in_process`)
    with (
        mock.patch("comments.notifications.notify_reply.delay") as queued,
        mock.patch("comments.notifications.send_pending_reply_emails.delay") as sweep,
        django_capture_on_commit_callbacks(execute=True),
    ):
        answer = reply(client, jun, broker_was_down.parent, body="And another thing")
    queued.assert_called_once_with(answer.pk)
    sweep.assert_called_once_with()


def test_no_row_is_owed_for_a_top_level_comment_or_a_held_reply(client, listicle, in_process):
    jun, comment = conversation(listicle)
    newcomer = factories.reader_account("New", username="new")
    reply(client, newcomer, comment, body="My first words")  # held: a first comment
    client.force_login(jun)
    client.post(reverse("articles:comments", args=[listicle.pk, listicle.slug]), {"body": "Top"}, **JSON)
    assert not ReplyEmail.objects.exists()


def test_approving_a_held_reply_owes_its_email_once(
    client, listicle, editor, in_process, django_capture_on_commit_callbacks
):
    jun, comment = conversation(listicle)
    held = Comment.objects.create(
        listicle=listicle, user=jun, parent=comment, body="Waited", status=CommentStatus.PENDING
    )
    client.force_login(editor)
    changelist = reverse("admin:comments_comment_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "approve", "_selected_action": [held.pk]})
    assert ReplyEmail.objects.get(comment=held).state == "sent"
    assert len(mail.outbox) == 1

"""Reply emails go through the task queue: in-process without a broker, through Redis with one."""

import os
import socket
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ReaderProfile
from comments.models import Comment, ReplyEmail
from soompi.celery import app
from tests import factories

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def in_process():
    """Tasks run where they are queued, as without a broker (whatever REDIS_URL says)."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def conversation(db, listicle, in_process):
    """Mina asked for reply emails and wrote a comment; Jun, an established reader, answers it."""
    mina = factories.reader_account("Mina", username="mina", email="mina@example.com")
    ReaderProfile.objects.filter(user=mina).update(reply_emails=True)
    jun = factories.reader_account("Jun", username="jun")
    factories.CommentFactory(user=jun)
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Coffee Prince forever")
    return mina, jun, comment


def reply(client, jun, comment, body="I agree!"):
    client.force_login(jun)
    url = reverse("articles:comments", args=[comment.listicle.pk, comment.listicle.slug])
    return client.post(url, {"body": body, "parent": comment.pk}, **JSON)


def test_a_reply_emails_the_reader_in_process_with_an_unsubscribe_link(
    client, conversation, django_capture_on_commit_callbacks
):
    mina, jun, comment = conversation
    with django_capture_on_commit_callbacks(execute=True):
        assert reply(client, jun, comment).status_code == 201
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["mina@example.com"]
    assert email.subject.startswith("[Soompi] Jun replied to your comment")
    assert "I agree!" in email.body
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ReaderProfile.objects.get(user=mina).reply_emails is False


def test_no_email_without_the_opt_in_or_to_oneself(client, conversation, django_capture_on_commit_callbacks):
    mina, jun, comment = conversation
    with django_capture_on_commit_callbacks(execute=True):
        reply(client, mina, comment, "Talking to myself")
    ReaderProfile.objects.filter(user=mina).update(reply_emails=False)
    with django_capture_on_commit_callbacks(execute=True):
        reply(client, jun, comment)
    assert mail.outbox == []


def test_a_failed_send_is_retried_and_never_fails_the_reply(
    client, conversation, django_capture_on_commit_callbacks
):
    mina, jun, comment = conversation
    real_send = mail.EmailMessage.send
    attempts = []

    def flaky(message, *args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("SMTP server went away")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch.object(mail.EmailMessage, "send", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reply(client, jun, comment).status_code == 201
    assert len(attempts) == 2
    assert len(mail.outbox) == 1


def test_a_broker_that_cannot_be_reached_does_not_fail_the_reply(
    client, conversation, django_capture_on_commit_callbacks
):
    mina, jun, comment = conversation
    with (
        mock.patch("comments.notifications.notify_reply.delay", side_effect=OSError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reply(client, jun, comment).status_code == 201
    assert Comment.objects.filter(parent=comment).count() == 1


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_stopped_redis_broker_saves_the_reply_answers_at_once_and_keeps_the_email_owed(
    client, listicle, caplog
):
    """Redis down: queuing gives up after the transport's short retries, the reply stands, the log says so."""
    mina = factories.reader_account("Mina", username="mina", email="mina@example.com")
    ReaderProfile.objects.filter(user=mina).update(reply_emails=True)
    jun = factories.reader_account("Jun", username="jun")
    factories.CommentFactory(user=jun)
    comment = factories.CommentFactory(listicle=listicle, user=mina)
    conf = {"broker_url": f"redis://127.0.0.1:{closed_port()}/0", "task_always_eager": False}
    before = {key: app.conf[key] for key in conf}
    app.conf.update(conf)
    reset_connections()
    started = time.monotonic()
    try:
        response = reply(client, jun, comment, body="Still saved while Redis is down.")
    finally:
        app.conf.update(before)
        reset_connections()
    assert response.status_code == 201
    assert time.monotonic() - started < 10, "the reader waited on a broker that is down"
    saved = Comment.objects.get(parent=comment)
    assert saved.body == "Still saved while Redis is down."
    assert (
        f'id="comment-{saved.pk}"'
        in client.get(reverse("articles:comments", args=[listicle.pk, listicle.slug])).content.decode()
    )
    assert f"Could not queue the reply email for comment {saved.pk}" in caplog.text
    assert mail.outbox == []
    assert ReplyEmail.objects.get(comment=saved).state == "pending", "the email is still owed"


def redis_broker():
    url = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is not answering at {url}")
        pytest.skip(f"Redis is not answering at {url}")
    return url


def reset_connections():
    """Forget pooled broker connections, so the next message uses the broker configured now."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_a_reply_email_goes_through_a_celery_worker_on_redis(client, listicle, settings):
    """A real worker, in a thread of this process, takes the task from Redis and sends the email."""
    from celery.contrib.testing.worker import start_worker

    url = redis_broker()
    mina = factories.reader_account("Mina", username="mina", email="mina@example.com")
    ReaderProfile.objects.filter(user=mina).update(reply_emails=True)
    jun = factories.reader_account("Jun", username="jun")
    factories.CommentFactory(user=jun)
    comment = factories.CommentFactory(listicle=listicle, user=mina)

    sent = threading.Event()
    real_send = mail.EmailMessage.send

    def send_and_tell(message, *args, **kwargs):
        result = real_send(message, *args, **kwargs)
        sent.set()
        return result

    conf = {"broker_url": url, "task_always_eager": False}
    before = {key: app.conf[key] for key in conf}
    app.conf.update(conf)
    reset_connections()
    try:
        with (
            mock.patch.object(mail.EmailMessage, "send", send_and_tell),
            start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
        ):
            assert reply(client, jun, comment).status_code == 201
            assert sent.wait(timeout=20), "the worker did not send the reply email"
    finally:
        app.conf.update(before)
        reset_connections()
    assert [email.to for email in mail.outbox] == [["mina@example.com"]]

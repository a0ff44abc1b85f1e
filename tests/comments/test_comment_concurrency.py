"""Readers liking and flagging one comment at the same moment: every count stays exact."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from comments.models import CommentFlag, CommentLike, CommentStatus
from tests import factories

JSON = {"HTTP_ACCEPT": "application/json"}


def at_once(users, path, data=None):
    """Each user posts to `path` from their own thread, all released together; returns the statuses."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    start = threading.Barrier(len(users), timeout=20)
    statuses = []

    def post(client):
        start.wait()
        try:
            statuses.append(client.post(path, data or {}, **JSON).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=[client]) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_simultaneous_flags_are_all_counted_and_hide_the_comment_once(settings):
    settings.COMMENT_FLAG_LIMIT = 3
    comment = factories.CommentFactory()
    readers = [factories.trusted_reader(f"Reader {n}", username=f"reader{n}") for n in range(4)]
    statuses = at_once(readers, reverse("articles:flag", args=[comment.pk]))
    # A reader arriving once it is hidden is told so (404); every accepted flag is counted.
    assert set(statuses) <= {200, 404}
    assert statuses.count(200) >= 3
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert CommentFlag.objects.filter(comment=comment).count() == statuses.count(200)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
def test_the_same_reader_liking_twice_at_once_leaves_at_most_one_like():
    comment = factories.CommentFactory()
    reader = factories.reader_account("Eager", username="eager")
    statuses = at_once([reader, reader], reverse("articles:comment_like", args=[comment.pk]))
    assert statuses == [200, 200]
    assert CommentLike.objects.filter(comment=comment, user=reader).count() <= 1

"""A reader's write is answered or undone: when the database fails after the row is written but before
the answer is ready, the client gets the 503 and the row is not there, so trying again is safe."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from comments import views as comment_views
from comments.models import Comment
from reactions import reactions
from reactions.models import Reaction, Vote
from tests import factories
from tests.reader_posts import JSON, react, unlimited_addresses, vote

pytestmark = pytest.mark.django_db


@contextmanager
def database_fails_after(module, name):
    """Once `module.name` has written, every further read fails as when the server goes away."""
    failing = {"now": False}
    original = getattr(module, name)

    def write_then_fail(*args, **kwargs):
        result = original(*args, **kwargs)
        failing["now"] = True
        return result

    def reads_fail(execute, sql, params, many, context):
        if failing["now"] and sql.lstrip().upper().startswith("SELECT"):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    setattr(module, name, write_then_fail)
    try:
        with connection.execute_wrapper(reads_fail):
            yield
    finally:
        setattr(module, name, original)


@pytest.fixture
def article(db, settings):
    unlimited_addresses(settings)
    listicle = factories.PublishedListicleFactory(poll_question="Which one?")
    factories.full_entry(listicle, position=0)
    return listicle


def test_a_reaction_whose_answer_fails_is_not_counted(client, article, monkeypatch):
    # As on a database where a new reader's first reaction is not one statement (`first_counted`,
    # PostgreSQL): the row and its counts are two, in one transaction.
    monkeypatch.setattr(reactions, "first_counted", lambda *args, **kwargs: None)
    with database_fails_after(reactions, "choose"):
        response = react(client, article, "love", **JSON)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert Reaction.objects.count() == 0
    # Trying again adds it, rather than undoing a reaction the reader was told had failed.
    assert react(client, article, "love", **JSON).status_code == 200
    assert Reaction.objects.count() == 1


def test_a_moved_reaction_whose_answer_fails_stays_where_it_was(client, article):
    assert react(client, article, "love", **JSON).status_code == 200
    with database_fails_after(reactions, "choose"):
        response = react(client, article, "wow", **JSON)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert list(Reaction.objects.values_list("kind__slug", flat=True)) == ["love"]
    assert react(client, article, "wow", **JSON).json()["mine"] == "wow"


def test_a_vote_whose_answer_fails_is_not_counted(client, article):
    from reactions import polls

    entry = article.entries.get()
    with database_fails_after(polls, "choose"):
        response = vote(client, article, entry, **JSON)

    assert response.status_code == 503
    assert Vote.objects.count() == 0


def test_a_comment_whose_answer_fails_is_not_posted(client, article):
    mina = factories.reader_account("Mina", username="mina")
    client.force_login(mina)
    url = f"/article/{article.pk}/{article.slug}/comments/"
    with database_fails_after(comment_views.comments, "post_comment"):
        response = client.post(url, {"body": "Still thinking about it."}, **JSON)

    assert response.status_code == 503
    assert not Comment.objects.filter(listicle=article).exists()
    assert client.post(url, {"body": "Still thinking about it."}, **JSON).status_code == 201


def test_a_reaction_without_javascript_is_answered_by_a_redirect_that_reads_nothing_after_it(client, article):
    with database_fails_after(reactions, "choose"):
        response = react(client, article, "love")

    assert response.status_code == 303
    assert Reaction.objects.count() == 1

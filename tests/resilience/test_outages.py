"""Faults in the services the site stands on: the database down answers a friendly 503 and recovers by
itself; Redis down leaves pages serving from the database and logs once per outage."""

import logging
import sqlite3
import threading

import psycopg
import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import OperationalError, connection
from django.test import RequestFactory
from redis.exceptions import ConnectionError as RedisConnectionError

from reactions.models import Reaction
from soompi.cache import Outage
from soompi.outages import server_error
from tests import factories
from tests.reader_posts import react

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"


def unreachable_database():
    """What the driver raises when the server refuses connections (a dead port), as Django wraps it."""
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            psycopg.connect(host="127.0.0.1", port=1, user="postgres", dbname="x", connect_timeout=1)
        sqlite3.connect("file:/nonexistent/folder/db.sqlite3?mode=rw", uri=True)
    raise AssertionError("the dead database answered")


@pytest.fixture(autouse=True)
def _no_outage_yet():
    """Each test starts with Redis believed up (the outage state is per process)."""
    Outage.by_server.clear()
    yield
    Outage.by_server.clear()


@pytest.fixture
def database_down(monkeypatch):
    def refuse():
        unreachable_database()

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    yield
    monkeypatch.undo()


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(title="Confessions", slug="confessions")
    factories.full_entry(listicle, position=0)
    return listicle


def test_the_dead_port_raises_what_the_middleware_catches():
    with pytest.raises(OperationalError):
        unreachable_database()


def test_healthz_answers_503_while_the_database_is_unreachable(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_503_says_when_to_try_again(client, database_down, settings):
    settings.OUTAGE_RETRY_AFTER = 7
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "7"


@pytest.mark.parametrize("path", ["/", "/search/?q=love", "/tag/romance/"])
def test_reader_pages_answer_a_friendly_503_with_retry_after_while_the_database_is_down(
    client, database_down, path, settings
):
    settings.OUTAGE_RETRY_AFTER = 7
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "7"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "back in a moment" in page
    assert "Traceback" not in page


def test_the_article_page_and_a_reaction_answer_503_not_500(client, article, monkeypatch):
    monkeypatch.setattr(connection, "ensure_connection", unreachable_database)
    assert client.get(article.get_absolute_url()).status_code == 503
    assert react(client, article, "love").status_code == 503


def test_the_site_recovers_by_itself_when_the_database_comes_back(client, article, monkeypatch):
    monkeypatch.setattr(connection, "ensure_connection", unreachable_database)
    assert client.get(article.get_absolute_url()).status_code == 503
    monkeypatch.undo()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_an_outage_raised_outside_a_view_also_answers_503(settings):
    settings.OUTAGE_RETRY_AFTER = 5
    request = RequestFactory().get("/")
    try:
        unreachable_database()
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_any_other_error_still_answers_the_500_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "soompi.cache.FailSoftRedisCache", "LOCATION": DEAD_REDIS}}
    settings.READER_POST_RATE_PER_IP = "300/m"
    yield


def test_pages_keep_serving_from_the_database_while_redis_is_down(client, article, redis_down):
    assert cache.get("anything", "miss") == "miss"
    cache.set("anything", 1)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"Confessions" in response.content


def test_reader_posts_fail_open_while_redis_is_down(client, article, redis_down):
    """Documented choice (settings.RATELIMIT_FAIL_OPEN): clicks are taken, each reader still counts once."""
    for _ in range(3):
        assert react(client, article, "love").status_code == 303
        assert react(client, article, "wow").status_code == 303
    assert Reaction.objects.filter(listicle=article).count() == 1


def test_with_fail_open_off_reader_posts_are_refused_while_the_limits_cannot_be_counted(
    client, article, redis_down, settings
):
    settings.RATELIMIT_FAIL_OPEN = False
    response = react(client, article, "love")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_redis_down_is_logged_once_per_outage_not_per_request(client, article, redis_down, caplog, settings):
    settings.CACHES["default"]["OPTIONS"] = {"RETRY_SECONDS": 0}
    with caplog.at_level(logging.WARNING, logger="soompi.cache"):
        for _ in range(5):
            assert client.get(article.get_absolute_url()).status_code == 200
            cache.get("key")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "Redis cache unreachable" in errors[0].getMessage()


def test_redis_coming_back_is_logged_and_the_next_outage_logged_again(settings, caplog, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "soompi.cache.FailSoftRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"RETRY_SECONDS": 0},
        }
    }
    up = {"value": False}

    def get(self, key, default=None, version=None):
        if not up["value"]:
            raise RedisConnectionError("Connection refused")
        return "cached"

    monkeypatch.setattr(RedisCache, "get", get)
    with caplog.at_level(logging.WARNING, logger="soompi.cache"):
        assert cache.get("k") is None
        assert cache.get("k") is None
        up["value"] = True
        assert cache.get("k") == "cached"
        up["value"] = False
        assert cache.get("k") is None
    messages = [r.getMessage() for r in caplog.records]
    assert sum("unreachable" in m for m in messages) == 2
    assert sum("reachable again" in m for m in messages) == 1


def test_while_redis_is_down_the_backend_does_not_retry_on_every_call(settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "soompi.cache.FailSoftRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"RETRY_SECONDS": 60},
        }
    }
    calls = []

    def get(self, key, default=None, version=None):
        calls.append(key)
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(RedisCache, "get", get)
    for _ in range(10):
        assert cache.get("k", "miss") == "miss"
    assert len(calls) == 1


def test_the_threads_of_one_worker_log_one_outage_once(settings, caplog):
    settings.CACHES = {
        "default": {"BACKEND": "soompi.cache.FailSoftRedisCache", "LOCATION": "redis://127.0.0.1:2/0"}
    }

    def read():
        caches["default"].get("k")
        caches["default"].close()

    with caplog.at_level(logging.ERROR, logger="soompi.cache"):
        threads = [threading.Thread(target=read) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum("unreachable" in r.getMessage() for r in caplog.records) == 1

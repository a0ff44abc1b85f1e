"""Page versions known in each process without a round trip to Redis, kept exact by pub/sub
(`soompi.cache.Counters`): a hit costs no Redis call, and another process's change still shows."""

import os
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from articles import page_cache
from articles.models import Listicle
from soompi.cache import Counters
from tests import factories
from tests.reader_posts import unlimited_addresses

pytestmark = pytest.mark.django_db

REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"


def wait_until(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within 5 s"
        time.sleep(0.01)


@pytest.fixture
def shared_cache(settings):
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS}")
    settings.CACHES = {
        "default": {
            "BACKEND": "soompi.cache.FailSoftRedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    unlimited_addresses(settings)
    cache = caches["default"]
    wait_until(lambda: cache.counters.live)
    return cache


@pytest.fixture
def article():
    listicle = factories.PublishedListicleFactory(title="Confessions", slug="confessions")
    factories.full_entry(listicle, position=0)
    return listicle


def read(path):
    return Client().get(path)


def test_a_fresh_page_is_served_without_a_round_trip_to_redis(shared_cache, article, monkeypatch):
    path = article.get_absolute_url()
    read(path)
    calls = []
    backend = shared_cache._cache
    real = backend.get_client
    monkeypatch.setattr(
        backend, "get_client", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs)
    )

    assert read(path)["X-Page-Cache"] == "hit"
    assert calls == []


def test_a_change_made_by_another_process_shows_on_this_ones_next_page(shared_cache, article, tmp_path):
    path = article.get_absolute_url()
    read(path)
    assert read(path)["X-Page-Cache"] == "hit"
    Listicle.objects.filter(pk=article.pk).update(title="Confessions, retold")  # no signal here
    made = shared_cache.make_key(page_cache.VERSION_KEY)
    before = shared_cache.counters.known(made)

    another_process = (
        "import django; django.setup()\n"
        "from django.core.cache import caches\n"
        f"caches['default'].key_prefix = {shared_cache.key_prefix!r}\n"
        "from articles import page_cache\n"
        "page_cache.invalidate()\n"
    )
    env = os.environ | {
        "REDIS_URL": REDIS,
        "DJANGO_SETTINGS_MODULE": "soompi.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",  # it writes nothing there
    }
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", another_process], env=env, cwd=django_settings.BASE_DIR, check=True
    )

    wait_until(lambda: shared_cache.counters.known(made) != before)  # heard, not read
    page = read(path)
    assert page["X-Page-Cache"] == "miss" and "Confessions, retold" in page.content.decode()


def test_after_the_subscription_drops_nothing_known_before_it_is_trusted(shared_cache, article):
    path = article.get_absolute_url()
    read(path)
    assert read(path)["X-Page-Cache"] == "hit"
    counters, other = shared_cache.counters, redis.Redis.from_url(REDIS)
    epoch = counters.epoch
    (listener,) = [client for client in other.client_list() if client["name"] == counters.listener_name]

    other.client_kill_filter(_id=listener["id"])
    other.incr(shared_cache.make_key(page_cache.VERSION_KEY))  # a change whose message is never heard
    wait_until(lambda: counters.epoch != epoch)

    assert read(path)["X-Page-Cache"] == "miss"
    wait_until(lambda: counters.live)
    assert read(path)["X-Page-Cache"] == "hit"


# The rules of what a process may know, without Redis


def counters_table():
    counters = Counters.__new__(Counters)  # no listener: the test plays its part
    counters.values, counters.epoch, counters.live = {}, 0, True
    return counters


def test_a_value_read_before_a_change_never_replaces_the_change_heard_meanwhile():
    counters = counters_table()
    epoch = counters.current_epoch()
    counters._heard(b"pages:version 7")
    counters.learn("pages:version", 6, epoch)
    assert counters.known("pages:version") == 7


def test_a_value_read_before_the_subscription_dropped_is_not_learnt():
    counters = counters_table()
    epoch = counters.current_epoch()
    counters._forget()
    counters.learn("pages:version", 6, epoch)
    assert counters.known("pages:version") is None


def test_nothing_is_known_while_the_subscription_is_down():
    counters = counters_table()
    counters.learn("pages:version", 6, counters.current_epoch())
    counters.live = False
    assert counters.known("pages:version") is None and counters.current_epoch() is None

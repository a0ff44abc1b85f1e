"""Writing counted views to the database: exact, once, whatever runs at the same time or stops."""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from readership import counting, flush
from readership.models import ArticleDailyViews, FlushedBatch
from tests import cache_keys, factories

pytestmark = pytest.mark.django_db


def views():
    return {(row.listicle_id, row.day): row.views for row in ArticleDailyViews.objects.all()}


def test_a_second_flush_adds_nothing_and_new_views_add_to_the_days_row(client, listicle, view):
    today = timezone.localdate()
    view(client, listicle, times=2)
    assert flush.flush_views() == 2
    assert flush.flush_views() == 0
    assert views() == {(listicle.pk, today): 2}
    view(client, listicle, times=3)
    assert flush.flush_views() == 3
    assert views() == {(listicle.pk, today): 5}
    assert counting.waiting() == {}


def test_views_go_to_the_day_they_were_counted_on(client, view, time_machine):
    listicle = factories.PublishedListicleFactory(publish_at=timezone.now() - timedelta(days=3))
    time_machine.move_to(timezone.now() - timedelta(days=1))
    yesterday = timezone.localdate()
    view(client, listicle, times=2)
    time_machine.move_to(timezone.now() + timedelta(days=1))
    view(client, listicle)
    assert flush.flush_views() == 3
    assert views() == {(listicle.pk, yesterday): 2, (listicle.pk, yesterday + timedelta(days=1)): 1}


def test_a_flush_that_stopped_after_writing_is_not_counted_again(client, listicle, view):
    """Written and committed, but stopped before deleting the batch from Redis: the next flush
    recognises the batch by its name and drops it."""
    view(client, listicle, times=4)
    store = counting.store()
    [(name, day, counts)] = store.take("crashed")
    flush.write_batch(name, timezone.localdate(), counts)  # ... and the process died here
    view(client, listicle)
    assert flush.flush_views() == 1
    assert views() == {(listicle.pk, timezone.localdate()): 5}


def test_a_flush_that_stopped_before_writing_loses_nothing(client, listicle, view):
    view(client, listicle, times=4)
    counting.store().take("crashed")  # renamed in Redis, then the process died
    view(client, listicle, times=2)
    assert flush.flush_views() == 6
    assert views() == {(listicle.pk, timezone.localdate()): 6}


def test_two_flushes_of_one_batch_write_it_once(client, listicle, view):
    """Two flushes without the lock (it expired) take the same batch: the second to write it finds
    its name recorded and rolls back."""
    view(client, listicle, times=3)
    first = counting.store().take("first")
    second = counting.store().take("second")  # sees the batch the first took, not yet written
    assert [name for name, _, _ in first] == [name for name, _, _ in second]
    [(name, _, counts)] = first
    assert flush.write_batch(name, timezone.localdate(), counts) == 3
    assert flush.write_batch(name, timezone.localdate(), counts) == 0
    assert views() == {(listicle.pk, timezone.localdate()): 3}


def test_a_flush_while_another_runs_does_nothing(client, listicle, view):
    view(client, listicle, times=2)
    cache.add(flush.LOCK_KEY, "another", timeout=60)
    assert flush.flush_views() is None
    with pytest.raises(CommandError, match="Another flush is running .* or the cache .* is unreachable"):
        call_command("flush_views")
    assert views() == {}
    cache.delete(flush.LOCK_KEY)
    call_command("flush_views")
    assert views() == {(listicle.pk, timezone.localdate()): 2}


@pytest.mark.django_db(transaction=True)
def test_flushes_racing_on_two_threads_count_every_view_once(client, view):
    """Views keep coming while flushes run on two threads at once (lock or not): the database ends
    with exactly the views counted."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's test database is one connection's memory: threads cannot share it")
    listicles = [factories.PublishedListicleFactory() for _ in range(3)]
    errors = []
    this_tests_keys = cache_keys.in_threads()

    def flushes(locked):
        this_tests_keys()
        try:
            for round_ in range(10):
                flush.flush_views() if locked else flush.flush_taken(f"{threading.get_ident()}-{round_}")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=flushes, args=(locked,)) for locked in (True, False, False)]
    for thread in threads:
        thread.start()
    sent = 0
    for round_ in range(30):
        view(client, listicles[round_ % 3])
        sent += 1
    for thread in threads:
        thread.join()
    flush.flush_views()
    assert errors == []
    assert sum(views().values()) == sent
    assert views() == {(listicle.pk, timezone.localdate()): 10 for listicle in listicles}


def test_views_of_a_deleted_article_are_dropped(client, listicle, view):
    kept = factories.PublishedListicleFactory()
    view(client, listicle, times=2)
    view(client, kept)
    listicle.delete()
    assert flush.flush_views() == 1
    assert views() == {(kept.pk, timezone.localdate()): 1}


def test_old_batch_names_are_forgotten(client, listicle, view, time_machine):
    view(client, listicle)
    flush.flush_views()
    assert FlushedBatch.objects.count() == 1
    time_machine.move_to(timezone.now() + flush.BATCHES_KEPT + timedelta(hours=1))
    flush.flush_views()
    assert FlushedBatch.objects.count() == 0


def test_beat_sends_registered_tasks_the_flush_every_minute(settings):
    from soompi.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["flush-article-views"]
    assert entry["schedule"] == settings.READERSHIP_FLUSH_SECONDS == 60
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name}: no such task"


def test_the_task_flushes(client, listicle, view):
    from readership.tasks import flush_views

    view(client, listicle, times=2)
    flush_views.delay()
    assert views() == {(listicle.pk, timezone.localdate()): 2}

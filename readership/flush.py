"""Writing the counted views to the database: `flush_views`, run by Celery beat every
`READERSHIP_FLUSH_SECONDS` (`readership.tasks`), or by `manage.py flush_views`.

Each view is written exactly once, whatever runs at the same time or stops halfway:

1. Only one flush runs at a time: a lock in the cache (`cache.add`, expiring after
   `LOCK_SECONDS` should its holder die). A second beat, or a task delivered twice, finds it
   taken and does nothing.
2. Each day's Redis hash is renamed to a batch name (RENAME is atomic): views counted from then
   on go into a new hash, none is read twice and none is lost between reading and deleting.
3. Each taken batch is added to `ArticleDailyViews` (one upsert per 500 rows: `INSERT ... ON
   CONFLICT DO UPDATE SET views = views + excluded.views`) in the transaction that records its
   name (`FlushedBatch`, unique), and deleted from Redis once that commits. A flush that stopped
   after the commit left a batch whose name is recorded: the next one deletes it without adding
   it again. One that stopped before left it unrecorded: the next one writes it. Without the lock
   (it expired), two flushes writing one batch meet at the unique name and one of them rolls back.
"""

import logging
import uuid
from datetime import date, timedelta

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from articles.models import Listicle

from . import counting, most_read
from .models import ArticleDailyViews, FlushedBatch

logger = logging.getLogger(__name__)

LOCK_KEY = "readership:flush-lock"
LOCK_SECONDS = 300
BATCH_ROWS = 500
BATCHES_KEPT = timedelta(days=2)


def flush_views():
    """Write the views waiting in Redis (or this process) to `ArticleDailyViews`; the number of
    views written, or None when another flush holds the lock."""
    holder = uuid.uuid4().hex
    if not cache.add(LOCK_KEY, holder, timeout=LOCK_SECONDS):
        logger.info("Views not flushed: another flush is running")
        return None
    try:
        return flush_taken(holder)
    finally:
        if cache.get(LOCK_KEY) == holder:
            cache.delete(LOCK_KEY)


def flush_taken(batch):
    """Steps 2 and 3 of the module's docstring, without the lock (tests race two of them)."""
    store = counting.store()
    written = 0
    for name, day, counts in store.take(batch):
        written += write_batch(name, date.fromisoformat(day), counts)
        store.done(name)
    FlushedBatch.objects.filter(flushed__lt=timezone.now() - BATCHES_KEPT).delete()
    # Every run, views or not: the week's window moves at midnight, and the cache may have lost it.
    most_read.refresh()
    return written


def write_batch(name, day, counts):
    """Add `counts` ({listicle id: views}) to `day`'s rows, once: 0 if the batch was written before.
    Views of an article deleted since are dropped."""
    try:
        with transaction.atomic():
            FlushedBatch.objects.create(name=name)
            existing = set(Listicle.objects.filter(pk__in=counts).values_list("pk", flat=True))
            rows = [(pk, day, views) for pk, views in sorted(counts.items()) if pk in existing and views > 0]
            for start in range(0, len(rows), BATCH_ROWS):
                add_views(rows[start : start + BATCH_ROWS])
    except IntegrityError:
        logger.info("Views batch %s was written by another flush", name)
        return 0
    return sum(views for _, _, views in rows)


def add_views(rows):
    """One upsert of (listicle id, day, views) rows, adding to what each (article, day) had:
    Django's `bulk_create(update_conflicts=True)` can only overwrite, not add."""
    table = connection.ops.quote_name(ArticleDailyViews._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} (listicle_id, day, views) VALUES {values}"  # noqa: S608
        f" ON CONFLICT (listicle_id, day) DO UPDATE SET views = {table}.views + excluded.views"
    )
    # The table's name comes from the model and each value is a parameter.
    adapt = connection.ops.adapt_datefield_value
    params = [value for pk, day, views in rows for value in (pk, adapt(day), views)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)

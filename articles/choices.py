"""One choice per reader and article: choose it, move it, or undo it by choosing it again.

The reader's row is read and changed in one transaction that holds its lock (SELECT ... FOR
UPDATE on PostgreSQL; SQLite lets one writer at a time in), so two requests of the same reader —
a double click, two tabs — are applied one after the other. The unique constraints on the rows
(see `models.reactions.ReaderChoice`) refuse a second first row; the request that lost that race
starts again and finds the winner's row. Counts are aggregates over the rows, never a number kept
in Python, so they stay exact however many readers post at once. The counts kept per change
(`kept.choice_counts`) are made again after every choice: a new or undone row sends a signal
(`apps.py`), and a moved one, an UPDATE that sends none, is told here.
"""

from contextlib import nullcontext

from django.db import IntegrityError, transaction

from soompi.replicas import in_transaction

from . import kept

CHOSEN, MOVED, UNDONE = "chosen", "moved", "undone"
ATTEMPTS = 10


class Refused(Exception):
    """A reader's post that cannot be taken: `status` and a one-line `message` for them."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def choose(model, listicle, reader, **choice):
    """Record `choice` (one field, e.g. `kind=love`) as `reader`'s on `listicle`; returns what happened.

    The same choice again removes it (UNDONE), another one replaces it (MOVED), and a first one
    adds a row (CHOSEN).
    """
    ((field, value),) = choice.items()
    if reader.is_new:  # an id made for this very request has no row to move or undo: one INSERT
        try:
            # Inside the post's transaction a savepoint keeps a lost race from aborting it; alone,
            # the INSERT is its own transaction.
            with transaction.atomic() if in_transaction() else nullcontext():
                model.objects.create(listicle=listicle, **reader.owner(), **choice)
            return CHOSEN
        except IntegrityError:
            pass  # taken after all: the locked path below decides
    mine = model.objects.filter(listicle=listicle, **reader.lookup())
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                row = mine.select_for_update().values_list("pk", f"{field}_id").first()
                if row is None:
                    model.objects.create(listicle=listicle, **reader.owner(), **choice)
                    return CHOSEN
                pk, current = row
                if current == value.pk:
                    model.objects.filter(pk=pk).delete()
                    return UNDONE
                model.objects.filter(pk=pk).update(**choice)
                kept.choices_changed(model, listicle.pk)
                return MOVED
        except IntegrityError:
            continue  # another request of this reader added the first row: take it from there
    raise Refused("Too many changes at once: please try again in a moment.", status=409)

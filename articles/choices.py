"""One choice per reader and article: choose it, move it, or undo it by choosing it again.

Each step is a single statement the database applies atomically, and the unique constraints on
the rows (see `models.reactions.ReaderChoice`) make a second row for the same reader impossible,
so there is no read-modify-write in Python to race.
"""

from django.db import IntegrityError, transaction

CHOSEN, MOVED, UNDONE = "chosen", "moved", "undone"
ATTEMPTS = 3


class Refused(Exception):
    """A reader's post that cannot be taken: `status` and a one-line `message` for them."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def choose(model, listicle, reader, **choice):
    """Record `choice` (e.g. `kind=love`) as `reader`'s on `listicle`; returns what happened.

    The same choice again removes it (UNDONE), another one replaces it (MOVED), and a first one
    adds a row (CHOSEN). Should two requests of the same reader both try to add their first row,
    the constraint refuses the second, which then moves or undoes the row the first one added.
    """
    mine = model.objects.filter(listicle=listicle, **reader.lookup())
    for _ in range(ATTEMPTS):
        deleted, _ = mine.filter(**choice).delete()
        if deleted:
            return UNDONE
        if mine.update(**choice):
            return MOVED
        try:
            with transaction.atomic():
                model.objects.create(listicle=listicle, **reader.owner(), **choice)
        except IntegrityError:
            continue
        return CHOSEN
    raise IntegrityError(f"Could not record the {model._meta.verbose_name} after {ATTEMPTS} attempts.")

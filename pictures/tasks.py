"""Making renditions in the background: a stored image's renditions are made by a Celery task.

Saving a model whose image field got a new file (an upload in the admin, an import naming a stored
file, any `save()`) queues `make_renditions_of(name)` once the transaction commits, once per file
however many saves in that transaction name it, and never for a transaction rolled back
(`pictures.uploads.ImageField`). Without a broker the task runs in-process at that moment, so it
is the saving request, never a reader's, that waits for the encodes. A broker that cannot be
reached never fails the save: the log says so, and pages show the original until
`manage.py make_renditions` makes them.
"""

import functools
import logging

from celery import shared_task
from django.db import transaction

from . import renditions

logger = logging.getLogger(__name__)
RETRIES = 3


def queue(name):
    """Make the renditions of the stored file `name` once the current transaction commits."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(callback, "func", None) is _send and callback.args == (name,)
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(functools.partial(_send, name), robust=True)


def _send(name):
    try:
        make_renditions_of.delay(name)
    except Exception:  # the broker is down: the image is saved, its page shows the original
        logger.exception(
            "Could not queue the renditions of %s: pages show the original until "
            "`manage.py make_renditions` makes them",
            name,
        )


@shared_task(bind=True, max_retries=RETRIES, ignore_result=True)
def make_renditions_of(self, name):
    """Make the renditions of the stored file `name`, then have the pages that show it purged
    (`renditions.renditions_ready`). Safe to run twice or at once; a file that cannot be read is
    logged and left alone (its pages keep showing the original)."""
    done = renditions.make_for(name)
    if done == renditions.BUSY and not self.request.is_eager:
        # Another worker is making them; come back in case it died before it finished.
        raise self.retry(countdown=renditions.MAKING_SECONDS)
    return done

"""Only `articles.workflow.transition` writes `Listicle.status`: a guard kept on for the whole test run.

Every way Django can write the column is watched, and a write outside `transition()` raises
`StatusWriteOutsideWorkflow`:

- `save()` of a new listicle (also `objects.create`, `get_or_create`, `update_or_create`) with
  any status but draft, the status every listicle starts in;
- `save()` of a stored listicle whose status differs from the stored one;
- `QuerySet.update(status=...)`, and so `bulk_update(..., ["status"])`;
- `bulk_create()` of listicles with any status but draft.

A test that needs a listicle in some status as its starting point says so with
`setting_status()`; the factories do.
"""

import sys
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections
from django.db.models.signals import pre_save

from articles import workflow
from articles.models import Listicle, Status
from articles.querysets import ListicleQuerySet

_sanctioned = ContextVar("setting_status", default=False)
TRANSITION_CODE = workflow.transition.__wrapped__.__code__  # inside @transaction.atomic


class StatusWriteOutsideWorkflow(AssertionError):
    pass


@contextmanager
def setting_status():
    """Lets test setup put listicles straight into a status, as a starting point."""
    token = _sanctioned.set(True)
    try:
        yield
    finally:
        _sanctioned.reset(token)


def inside_transition():
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code is TRANSITION_CODE:
            return True
        frame = frame.f_back
    return False


def refuse(how):
    if not _sanctioned.get() and not inside_transition():
        raise StatusWriteOutsideWorkflow(
            f"{how} writes Listicle.status outside articles.workflow.transition(). Change the status "
            "with transition(); test setup may use tests.status_guard.setting_status()."
        )


def stored_status(pk, using):
    """The status as stored, read on a cursor that query counts do not see (this is the guard's read)."""
    connection = connections[using]
    connection.ensure_connection()
    table = connection.ops.quote_name(Listicle._meta.db_table)
    cursor = connection.create_cursor()
    try:
        cursor.execute(f"SELECT status FROM {table} WHERE id = %s", [pk])
        row = cursor.fetchone()
    finally:
        cursor.close()
    return row[0] if row else Status.DRAFT


def check_save(sender, instance, raw, using, update_fields, **kwargs):
    if raw or (update_fields is not None and "status" not in update_fields):
        return
    if "status" not in instance.__dict__:
        return  # deferred: save() leaves it alone
    if instance._state.adding or instance.pk is None:
        stored = Status.DRAFT
    else:
        stored = stored_status(instance.pk, using)
    if instance.status != stored:
        refuse(f"Saving a listicle with status {instance.status!r} (stored: {stored!r})")


@contextmanager
def guarding(monkeypatch):
    """Installs the guard for the duration of the block."""
    update, bulk_create = ListicleQuerySet.update, ListicleQuerySet.bulk_create

    def guarded_update(self, **kwargs):
        if "status" in kwargs:
            refuse("QuerySet.update(status=...)")
        return update(self, **kwargs)

    def guarded_bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(obj.status != Status.DRAFT for obj in objs):
            refuse("bulk_create() of listicles that are not drafts")
        return bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(ListicleQuerySet, "update", guarded_update)
    monkeypatch.setattr(ListicleQuerySet, "bulk_create", guarded_bulk_create)
    pre_save.connect(check_save, sender=Listicle, dispatch_uid="status_guard")
    try:
        yield
    finally:
        pre_save.disconnect(sender=Listicle, dispatch_uid="status_guard")

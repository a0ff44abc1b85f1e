"""Only `articles.workflow.transition` writes `Listicle.status`: a guard kept on for the whole test run.

Every way Django can write the column is watched, and a write that the application's code (the
`articles`, `dramas` and `soompi` packages) makes outside `transition()` raises
`StatusWriteOutsideWorkflow`:

- `save()` of a new listicle (also `objects.create`, `get_or_create`, `update_or_create`) with
  any status but draft, the status every listicle starts in;
- `save()` of a stored listicle whose status differs from the stored one;
- `QuerySet.update(status=...)`, and so `bulk_update(..., ["status"])`;
- `bulk_create()` of listicles with any status but draft.

Who writes is read from the call stack: the nearest frame of the project's own code decides.
Test code setting up a starting point (factories, `update(status=...)` in a test) is allowed;
`strict()` refuses it too, for the tests of the guard itself.
"""

import os
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from django.db import connections
from django.db.models.signals import pre_save

from articles import workflow
from articles.models import Listicle, Status
from articles.querysets import ListicleQuerySet

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = tuple(f"{ROOT / package}{os.sep}" for package in ("articles", "dramas", "soompi"))
TESTS = f"{ROOT / 'tests'}{os.sep}"
TRANSITION_CODE = workflow.transition.__wrapped__.__code__  # inside @transaction.atomic
_strict = ContextVar("strict_status_guard", default=False)


class StatusWriteOutsideWorkflow(AssertionError):
    pass


@contextmanager
def strict():
    """Within the block, test code is held to the rule as well."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


@cache
def part_of(filename):
    """ "application", "tests" or None (Django, libraries, this guard) for a frame's file."""
    path = os.path.realpath(filename)
    if path == os.path.realpath(__file__):
        return None
    if path.startswith(APPLICATION):
        return "application"
    return "tests" if path.startswith(TESTS) else None


def writer():
    """ "transition", "application" or "tests": who is writing, from the call stack."""
    frame, nearest = sys._getframe(2), None
    while frame is not None:
        if frame.f_code is TRANSITION_CODE:
            return "transition"
        nearest = nearest or part_of(frame.f_code.co_filename)
        frame = frame.f_back
    return nearest or "application"


def refuse(how):
    who = writer()
    if who == "application" or (who == "tests" and _strict.get()):
        raise StatusWriteOutsideWorkflow(
            f"{how} writes Listicle.status outside articles.workflow.transition(). "
            "Change the status with transition()."
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
        refuse(f"Saving a listicle with status {str(instance.status)!r} (stored: {str(stored)!r})")


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

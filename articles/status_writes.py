"""Only `newsroom.workflow.transition()` writes `Listicle.status`, in running code.

The status is an article's place in the workflow. Moving it through `transition()` checks the
permission and the editorial checks, records who moved it and when, and purges the pages; a write
anywhere else would skip all of that. So the model itself holds the rule (as django-fsm's
`protected=True` does, and on querysets too):

- a new listicle is saved as a draft;
- saving a stored listicle never writes its status: a copy read before a transition cannot undo it
  on save, and a copy whose status was assigned refuses to save;
- `QuerySet.update(status=...)` (and so `bulk_update(..., ["status"])`) refuses, and so does
  `bulk_create()` of listicles in any status but draft.

Each refusal raises `StatusWriteRefused`, naming the write. `transition()` writes within
`writing_status()`. Fixtures (`loaddata`) and data migrations write raw rows and are not held to it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_writing = ContextVar("writing_listicle_status", default=False)

DRAFT = "draft"  # Status.DRAFT; the models import this module, not the other way round


class StatusWriteRefused(RuntimeError):
    def __init__(self, how):
        super().__init__(
            f"{how} writes Listicle.status outside newsroom.workflow.transition(). "
            "Change the status with transition()."
        )


@contextmanager
def writing_status():
    """Within the block, the status may be written: `transition()`'s own write."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def permitted():
    return _writing.get()


def save_fields(listicle, update_fields, force_insert):
    """The `update_fields` that `listicle.save()` may write: `update_fields` itself, or for a stored
    listicle every loaded field but the status. Raises StatusWriteRefused for a status write."""
    if permitted() or "status" not in listicle.__dict__:  # deferred: save() leaves it alone
        return update_fields
    status = listicle.status
    if listicle._state.adding or force_insert:
        if status != DRAFT:
            raise StatusWriteRefused(f"Saving a new listicle with status {str(status)!r}")
        return update_fields
    stored = getattr(listicle, "_stored_status", status)
    if status != stored:
        raise StatusWriteRefused(f"Saving a listicle with status {str(status)!r} (stored: {str(stored)!r})")
    if update_fields is None:
        deferred = listicle.get_deferred_fields()
        update_fields = [
            field.attname
            for field in listicle._meta.concrete_fields
            if not field.primary_key and field.attname not in deferred
        ]
    return [name for name in update_fields if name != "status"]


def check_update(fields):
    if "status" in fields and not permitted():
        raise StatusWriteRefused("QuerySet.update(status=...)")


def check_create(listicles):
    if not permitted() and any(listicle.status != DRAFT for listicle in listicles):
        raise StatusWriteRefused("bulk_create() of listicles that are not drafts")

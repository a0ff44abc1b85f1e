"""Importing a file as the newsroom does: its rows through `interchange`, its status through the workflow.

`interchange.importer.import_listicle` writes a listicle with its entries and leaves its status
and publication times alone. Here the file's `status` (and, when published, its `publish_at`) is
then reached through `workflow.transition` as the site's operator, like pressing the matching
button, in the same database transaction: the same allowed moves, the editorial checks before
publishing (unless `skip_checks`, which the Transition's note records), one Transition row. A
refusal leaves nothing written. The `import_listicle` command and the demo loader import this way.
"""

import dataclasses

from django.db import transaction

from articles.models import Status
from interchange import importer
from interchange.plan import make_plan
from interchange.problems import InterchangeError

from .workflow import TransitionRefused, transition

IMPORT_NOTE = "Imported from file"


class StatusRefused(InterchangeError):
    """The file asks for a status change the workflow refuses; `checks` when editorial checks failed."""

    def __init__(self, problems, checks=False):
        super().__init__(problems)
        self.checks = checks


def import_listicle(data, *, skip_checks=False, **options):
    """`interchange.importer.import_listicle(data, **options)`, then the file's status through the
    workflow. A new listicle starts as a draft. Raises InterchangeError, having written nothing,
    when the data is invalid, changes what a live article shows, or the workflow refuses."""
    plan = make_plan(data)
    with transaction.atomic():
        result = importer.import_listicle(data, **options)
        if reach_status(result.listicle, plan, skip_checks):
            result = dataclasses.replace(result, changed=True)
    return result


def reach_status(listicle, plan, skip_checks):
    """Bring the listicle to the file's status (and publication time); whether it moved.

    Runs after its entries are written, so the editorial checks see what readers would.
    `publish_at` is read only with status published: publication times change only by publishing.
    """
    to = plan.status
    publish_at = plan.publish_at if to == Status.PUBLISHED else None
    if to == listicle.status and (to != Status.PUBLISHED or publish_at == listicle.publish_at):
        return False
    try:
        transition(listicle, to=to, by=None, note=IMPORT_NOTE, publish_at=publish_at, skip_checks=skip_checks)
    except TransitionRefused as refused:
        problems = refused.problems or [refused.message]
        problems = [f"status: {problem}" for problem in problems]
        raise StatusRefused(problems, checks=bool(refused.problems)) from None
    return True

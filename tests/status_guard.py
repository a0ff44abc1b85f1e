"""Test setup may put a listicle in any status; the application's code may not.

`articles.status_writes` refuses every write of `Listicle.status` outside `workflow.transition()`, in
running code. Tests set up starting points (factories with a status, `update(status=...)`) that
would take several transitions to reach, so while the suite runs a write is let through when the
nearest frame of the project's own code on the call stack is a test's. Code of the project's own
apps (`articles`, `interchange`, `dramas`, `soompi`...) that writes the status is refused as in
production; `strict()` refuses test code too, for the tests of the rule itself.
"""

import os
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from django.apps import apps

from articles import status_writes
from articles.models import Listicle
from articles.querysets import ListicleQuerySet

ROOT = Path(__file__).resolve().parent.parent
# The project's own apps: every installed app in this checkout, not in the virtualenv's packages.
APPLICATION = tuple(
    f"{os.path.realpath(config.path)}{os.sep}"
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(ROOT) and not Path(config.path).is_relative_to(sys.prefix)
)
TESTS = f"{ROOT / 'tests'}{os.sep}"
# The guard's own frames, between the writer and the check: they do not decide who writes.
PLUMBING = {
    Listicle.save.__code__,
    ListicleQuerySet.update.__code__,
    ListicleQuerySet.bulk_create.__code__,
}
_strict = ContextVar("strict_status_guard", default=False)


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
    """ "application", "tests" or None (Django, libraries, the guard) for a frame's file."""
    path = os.path.realpath(filename)
    if path in (os.path.realpath(__file__), os.path.realpath(status_writes.__file__)):
        return None
    if path.startswith(APPLICATION):
        return "application"
    return "tests" if path.startswith(TESTS) else None


def written_by_tests():
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code not in PLUMBING:
            part = part_of(frame.f_code.co_filename)
            if part is not None:
                return part == "tests"
        frame = frame.f_back
    return False


@contextmanager
def lenient_for_tests(monkeypatch):
    """For the block, a test's own writes of the status are let through (see the module)."""
    permitted = status_writes.permitted
    monkeypatch.setattr(
        status_writes, "permitted", lambda: permitted() or (not _strict.get() and written_by_tests())
    )
    yield

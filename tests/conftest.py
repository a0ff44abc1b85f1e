import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client

from reactions import reader_choices
from readership import counting
from soompi import replicas, versioned
from soompi.celery import app as celery_app
from tests import cache_keys, factories, status_guard, two_factor


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads go to a throwaway folder; passwords hash fast (the real hasher costs ~0.5 s a user)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    autosaves = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    settings.STORAGES = {
        **settings.STORAGES,
        "autosaves": {**autosaves, "OPTIONS": {"location": tmp_path / "private"}},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run where they are queued, as without a broker. With REDIS_URL set the settings make
    Redis the broker too, and no worker runs beside the suite: a queued task (renditions, reply
    emails) would wait there for good, and the test would see the work never done. A test about
    the broker configures it itself (tests/comments/test_reply_emails.py)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _tests_may_set_up_any_status(monkeypatch):
    """The application's code writes `Listicle.status` only through `workflow.transition()`
    (`articles.status_writes`, on in production); a test's own setup may put a listicle in any
    status (tests/status_guard.py)."""
    with status_guard.lenient_for_tests(monkeypatch):
        yield


@pytest.fixture(autouse=True)
def _the_test_cases_transaction_is_not_the_applications(monkeypatch):
    """`soompi.replicas.in_transaction()` asks whether a transaction is open; the one each test case
    wraps itself in is not one the application opened, and production code would not see it."""

    def in_transaction():
        blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
        return any(not getattr(block, "_from_testcase", False) for block in blocks)

    for module in (replicas, versioned, reader_choices):
        monkeypatch.setattr(module, "in_transaction", in_transaction)


@pytest.fixture(autouse=True)
def _own_cache_keys(monkeypatch):
    """Each test starts with no rate-limit counters or cached entries: its keys get their own prefix,
    so parallel workers sharing one Redis never see or clear each other's."""
    default = caches["default"]
    before = default.key_prefix
    cache_keys.empty_cache()
    monkeypatch.setattr(default, "clear", cache_keys.refuse_to_clear)
    yield
    default.key_prefix = before


@pytest.fixture(autouse=True)
def _no_views_waiting():
    """Views counted without Redis wait in the process's memory (readership.counting): each test
    starts with none (with Redis they are under the test's own key prefix)."""
    counting.LOCAL.clear()
    yield
    counting.LOCAL.clear()


@pytest.fixture(autouse=True)
def _staff_force_login_used_a_second_factor(monkeypatch):
    """`client.force_login(staff)` gives the session what signing in on the real pages would: the
    account's authenticator app and allauth's record of its use (tests/two_factor.py), so the admin
    opens (accounts.two_factor). Tests of the sign-in itself use the pages, or
    `without_second_factor` for a session that never used one."""
    monkeypatch.setattr(Client, "force_login", two_factor.signed_in_with_second_factor)


@pytest.fixture
def without_second_factor(monkeypatch):
    """`client.force_login` as Django has it: a session that never used a second factor."""
    monkeypatch.setattr(Client, "force_login", two_factor.plain_force_login)


# Where the models those migrations granted permissions on live now: some of `articles`' moved to
# apps of their own, with their content types (`soompi.model_moves`).
NOW_IN = {"articles": ["articles", "newsroom", "comments", "reactions"]}


def newsroom_group(name):
    """The group the migrations made; rebuilt from their definitions when a transactional test's
    flush emptied the tables (content types and permissions come back by themselves, groups do not)."""
    group = Group.objects.filter(name=name).first()
    if group is not None:
        return group
    groups = importlib.import_module("articles.migrations.0003_newsroom_groups")
    moderators = importlib.import_module("articles.migrations.0008_comment_moderators")
    library = importlib.import_module("pictures.migrations.0002_library_records_for_stored_images")
    for group_name, grants in (("Editors", groups.EDITORS), ("Writers", groups.WRITERS)):
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, models in grants.items():
            codenames = [
                groups.codename(action, model) for model, actions in models.items() for action in actions
            ]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label__in=NOW_IN.get(app_label, [app_label]), codename__in=codenames
                )
            )
        library_codenames = library.EDITOR_CODENAMES if group_name == "Editors" else library.WRITER_CODENAMES
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="pictures", codename__in=library_codenames)
        )
        if group_name == "Editors":
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label__in=NOW_IN["articles"], codename__in=moderators.EDITOR_CODENAMES
                )
            )
    return Group.objects.get(name=name)


@pytest.fixture
def editor(db):
    user = factories.UserFactory(username="editor", is_staff=True)
    user.groups.add(newsroom_group("Editors"))
    return user


@pytest.fixture
def writer(db):
    user = factories.UserFactory(username="writer", is_staff=True)
    user.groups.add(newsroom_group("Writers"))
    factories.AuthorFactory(name="Writer", slug="writer", user=user)
    return user


@pytest.fixture
def reader(db):
    return factories.UserFactory(username="reader")


@pytest.fixture
def listicle(db):
    return factories.PublishedListicleFactory()


@pytest.fixture
def still(time_machine):
    """Time stands still: two requests a moment apart see the same moment (what is published, what
    has expired), so two readers' pages can be compared byte for byte."""
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)

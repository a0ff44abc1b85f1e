import pytest
from django.contrib.auth.models import Group

from tests import factories, status_guard


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads go to a throwaway folder; passwords hash fast (the real hasher costs ~0.5 s a user)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _only_the_workflow_writes_status(monkeypatch):
    """A write of `Listicle.status` by the application's code outside `workflow.transition()` fails
    the test (tests/status_guard.py); a test's own setup may put a listicle in any status."""
    with status_guard.guarding(monkeypatch):
        yield


@pytest.fixture
def editor(db):
    user = factories.UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def writer(db):
    user = factories.UserFactory(username="writer", is_staff=True)
    user.groups.add(Group.objects.get(name="Writers"))
    factories.AuthorFactory(name="Writer", slug="writer", user=user)
    return user


@pytest.fixture
def reader(db):
    return factories.UserFactory(username="reader")


@pytest.fixture
def listicle(db):
    return factories.PublishedListicleFactory()

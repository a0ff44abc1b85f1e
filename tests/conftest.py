import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads go to a throwaway folder; passwords hash fast (the real hasher costs ~0.5 s a user)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages start empty in every test."""
    cache.clear()
    yield
    cache.clear()


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

"""The site's own deploy checks, one by one (`manage.py check --deploy` runs them)."""

from types import SimpleNamespace

from django.core.checks import Warning

from soompi import checks


def ids(messages):
    return [message.id for message in messages]


def databases(engine):
    """Settings naming another database, seen by the check only (the test's own connection stays)."""
    return SimpleNamespace(DATABASES={"default": {"ENGINE": f"django.db.backends.{engine}", "NAME": "x"}})


def test_sqlite_is_named_and_postgresql_is_not(monkeypatch):
    monkeypatch.setattr(checks, "settings", databases("sqlite3"))
    [warning] = checks.database_is_a_server(None)
    assert isinstance(warning, Warning) and warning.id == "soompi.W001"
    assert "DATABASE_URL" in warning.hint
    monkeypatch.setattr(checks, "settings", databases("postgresql"))
    assert checks.database_is_a_server(None) == []


def test_a_missing_redis_url_is_named(settings):
    settings.REDIS_URL = None
    assert ids(checks.cache_is_shared(None)) == ["soompi.W002"]
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert checks.cache_is_shared(None) == []


def test_any_host_is_named(settings):
    settings.ALLOWED_HOSTS = ["soompi.example", "*"]
    assert ids(checks.hosts_are_named(None)) == ["soompi.W003"]
    settings.ALLOWED_HOSTS = ["soompi.example"]
    assert checks.hosts_are_named(None) == []

"""Deploy checks (`manage.py check --deploy`) for what this site needs in production beyond Django's own:
a real database server, a shared cache, and named hosts."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.database, deploy=True)
def database_is_a_server(app_configs, **kwargs):
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return [
            Warning(
                "The database is SQLite: one writer at a time, on one machine's disk.",
                hint="Set DATABASE_URL to a PostgreSQL server, e.g. postgres://user@host:5432/soompi.",
                id="soompi.W001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    if not getattr(settings, "REDIS_URL", None):
        return [
            Warning(
                "REDIS_URL is not set: the cache lives in each process, so rate limits, lock-out "
                "counts and page versions are not shared between workers or servers.",
                hint="Set REDIS_URL, e.g. redis://127.0.0.1:6379/0.",
                id="soompi.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def hosts_are_named(app_configs, **kwargs):
    if "*" in settings.ALLOWED_HOSTS:
        return [
            Warning(
                "ALLOWED_HOSTS accepts any host name ('*'): links in emails and password resets can be "
                "made to point at another site through the Host header.",
                hint="Set ALLOWED_HOSTS to the site's host names, comma-separated.",
                id="soompi.W003",
            )
        ]
    return []

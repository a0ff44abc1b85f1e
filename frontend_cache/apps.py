from django.apps import AppConfig


class FrontendCacheConfig(AppConfig):
    name = "frontend_cache"
    verbose_name = "Frontend cache purges"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks

from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    default = True  # apps.py also holds TagsConfig, so Django needs to be told which is this app's
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import readers  # noqa: F401 - connects the sign-in signal that adopts anonymous choices


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for editors in the admin."""

    verbose_name = "Tags"

from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    default = True  # apps.py holds two configs: this one is the app's
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import page_invalidation, purges

        page_invalidation.connect()
        purges.connect()  # after the versions' receivers: a purge runs once they are bumped


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for editors in the admin."""

    verbose_name = "Tags"

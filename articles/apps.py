from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for editors in the admin."""

    verbose_name = "Tags"

from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    default = True  # apps.py holds two configs: this one is the app's
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from dramas import live

        from .knowledge_base import PublishedArticles

        live.register(PublishedArticles())

        from . import page_invalidation, purges

        page_invalidation.connect()
        purges.connect()  # after the versions' receivers: a purge runs once they are bumped

        from accounts.erasure import erasing_comments

        from .comments import erase_comments_of

        # A reader deleting their account with "erase my comments" ticked (accounts/erasure.py).
        erasing_comments.connect(
            lambda sender, user, **kwargs: erase_comments_of(user), weak=False, dispatch_uid="comments.erase"
        )


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for editors in the admin."""

    verbose_name = "Tags"

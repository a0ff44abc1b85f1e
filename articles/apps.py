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

        # readers connects the sign-in signal that adopts anonymous choices.
        from . import page_invalidation, purges, readers  # noqa: F401

        page_invalidation.connect()
        purges.connect()  # after the versions' receivers: a purge runs once they are bumped

        from django.db.models.signals import post_delete, post_save

        from accounts.erasure import erasing_comments

        from .comments import erase_comments_of

        # A reader deleting their account with "erase my comments" ticked (accounts/erasure.py).
        erasing_comments.connect(
            lambda sender, user, **kwargs: erase_comments_of(user), weak=False, dispatch_uid="comments.erase"
        )

        from .kept import choice_saved_or_deleted
        from .models import Reaction, Vote

        # Kept counts (`kept`) are made again after every reaction and vote.
        for signal in (post_save, post_delete):
            for model in (Reaction, Vote):
                uid = f"kept.{model._meta.label}.{signal}"
                signal.connect(choice_saved_or_deleted, sender=model, dispatch_uid=uid)


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for editors in the admin."""

    verbose_name = "Tags"

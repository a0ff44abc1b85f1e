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

        from . import readers  # noqa: F401 - connects the sign-in signal that adopts anonymous choices
        from .page_invalidation import connect

        connect()

        from django.db.models.signals import post_delete, post_save

        from .models import Reaction, Vote
        from .polls import vote_saved_or_deleted
        from .reactions import reaction_saved_or_deleted

        # Kept counts (`kept`) are made again after every reaction and vote.
        for signal in (post_save, post_delete):
            signal.connect(reaction_saved_or_deleted, sender=Reaction, dispatch_uid=f"reactions.{signal}")
            signal.connect(vote_saved_or_deleted, sender=Vote, dispatch_uid=f"votes.{signal}")


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for editors in the admin."""

    verbose_name = "Tags"

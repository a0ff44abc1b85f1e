from django.apps import AppConfig


class ReactionsConfig(AppConfig):
    """What readers choose on an article: a reaction, and their pick of its entries."""

    name = "reactions"
    verbose_name = "Reactions"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles import page_invalidation, reader_parts

        from . import readers  # noqa: F401 - connects the sign-in signal that adopts anonymous choices
        from .choice_counts import choice_saved_or_deleted
        from .models import Reaction, ReactionKind, Vote
        from .part import ReactionsPart
        from .reactions import KINDS

        # A kind changes the box on every page; a reaction or a vote, its article's page.
        page_invalidation.declare(ReactionKind, every_page=True, version=KINDS)
        for model in (Reaction, Vote):
            page_invalidation.declare(model, pages=page_invalidation.ARTICLE_PAGE)
            # Kept counts (`choice_counts`) are made again after every reaction and vote.
            for signal in (post_save, post_delete):
                uid = f"kept.{model._meta.label}.{signal}"
                signal.connect(choice_saved_or_deleted, sender=model, dispatch_uid=uid)
        reader_parts.register(ReactionsPart())

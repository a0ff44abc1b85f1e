from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' comments under an article: threads, likes, flags, moderation and reply emails."""

    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from accounts.erasure import erasing_comments
        from articles import reader_parts

        from . import invalidation
        from .comments import erase_comments_of
        from .part import CommentsPart

        invalidation.connect()
        reader_parts.register(CommentsPart())
        # A reader deleting their account with "erase my comments" ticked (accounts/erasure.py).
        erasing_comments.connect(
            lambda sender, user, **kwargs: erase_comments_of(user), weak=False, dispatch_uid="comments.erase"
        )

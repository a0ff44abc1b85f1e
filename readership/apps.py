from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    """How many readers read each article: views counted without cookies or personal data, written
    to the database in batches, shown to editors and as the "Most read this week" rail."""

    name = "readership"
    verbose_name = "Readership"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.models import Listicle
        from articles.page_views import viewed

        from . import most_read
        from .counting import count_view

        viewed.connect(count_view, sender=Listicle, dispatch_uid="readership.count_view")
        # A listicle published, unpublished, retitled or deleted: the rail is read again.
        for signal in (post_save, post_delete):
            signal.connect(most_read.listicle_written, sender=Listicle, dispatch_uid=f"readership.{signal}")

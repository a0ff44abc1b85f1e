from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from dramas import live

        from .knowledge_base import PublishedArticles

        live.register(PublishedArticles())

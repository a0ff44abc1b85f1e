from django.urls import path

from . import comment_views, feeds, preview, views
from .page_cache import shared_page

app_name = "articles"

urlpatterns = [
    path("", shared_page(views.HomeView.as_view()), name="home"),
    path("article/<int:pk>/<slug:slug>/", shared_page(views.ListicleDetailView.as_view()), name="detail"),
    path("tag/<slug:slug>/", shared_page(views.TagView.as_view()), name="tag"),
    path("tag/<slug:slug>/feed/", shared_page(feeds.TagFeed()), name="tag_feed"),
    path("author/<slug:slug>/", shared_page(views.AuthorView.as_view()), name="author"),
    path("author/<slug:slug>/feed/", shared_page(feeds.AuthorFeed()), name="author_feed"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", shared_page(feeds.LatestListiclesFeed()), name="feed"),
    path("preview/<str:token>/", preview.SignedPreviewView.as_view(), name="preview"),
    path("article/<int:pk>/<slug:slug>/react/", views.react, name="react"),
    path("article/<int:pk>/<slug:slug>/reactions/", views.reaction_counts, name="reactions"),
    path("article/<int:pk>/<slug:slug>/vote/", views.vote, name="vote"),
    path("article/<int:pk>/<slug:slug>/comments/", comment_views.comment_list, name="comments"),
    path("comments/<int:pk>/flag/", comment_views.comment_flag, name="flag"),
    path("comments/<int:pk>/like/", comment_views.comment_like, name="comment_like"),
    path("comments/<int:pk>/edit/", comment_views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comment_views.comment_delete, name="comment_delete"),
]

# The knowledge base's reader pages show the published entries about a drama or an actor, so they
# are built here; they keep the knowledge base's names (`dramas:drama`, `dramas:actor`).
knowledge_base_urlpatterns = [
    path("drama/<slug:slug>/", shared_page(views.DramaView.as_view()), name="drama"),
    path("actor/<slug:slug>/", shared_page(views.ActorView.as_view()), name="actor"),
]

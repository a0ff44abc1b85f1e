from django.urls import path

from . import feeds, preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/<slug:slug>/", views.ListicleDetailView.as_view(), name="detail"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestListiclesFeed(), name="feed"),
    path("preview/<str:token>/", preview.SignedPreviewView.as_view(), name="preview"),
]

# The knowledge base's reader pages show the published entries about a drama or an actor, so they
# are built here; they keep the knowledge base's names (`dramas:drama`, `dramas:actor`).
knowledge_base_urlpatterns = [
    path("drama/<slug:slug>/", views.DramaView.as_view(), name="drama"),
    path("actor/<slug:slug>/", views.ActorView.as_view(), name="actor"),
]

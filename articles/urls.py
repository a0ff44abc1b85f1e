from django.urls import path

from . import confirm, feeds, share_cards, views
from .public import public_page

app_name = "articles"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("article/<int:pk>/<slug:slug>/", public_page(views.ListicleDetailView.as_view()), name="detail"),
    path("article/<int:pk>/card/<slug:key>.jpg", share_cards.card, name="card"),
    path("tag/<slug:slug>/", public_page(views.TagView.as_view()), name="tag"),
    path("tag/<slug:slug>/feed/", public_page(feeds.TagFeed()), name="tag_feed"),
    path("author/<slug:slug>/", public_page(views.AuthorView.as_view()), name="author"),
    path("author/<slug:slug>/feed/", public_page(feeds.AuthorFeed()), name="author_feed"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
    path("feed/", public_page(feeds.LatestListiclesFeed()), name="feed"),
    path("article/<int:pk>/<slug:slug>/me/", views.me, name="me"),
    path("article/<int:pk>/<slug:slug>/confirm/<slug:action>/", confirm.confirm, name="confirm"),
    path("article/<int:pk>/<slug:slug>/done/<slug:action>/", confirm.done, name="done"),
]

# The knowledge base's reader pages show the published entries about a drama or an actor, so they
# are built here; they keep the knowledge base's names (`dramas:drama`, `dramas:actor`).
knowledge_base_urlpatterns = [
    path("drama/<slug:slug>/", public_page(views.DramaView.as_view()), name="drama"),
    path("actor/<slug:slug>/", public_page(views.ActorView.as_view()), name="actor"),
]

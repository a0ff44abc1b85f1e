"""The readers' posts on an article. They keep their public names in the `articles` namespace
(`articles:react`, `articles:reactions`, `articles:vote`): the site's URLconf puts these patterns
there, beside the article's own (`soompi/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("article/<int:pk>/<slug:slug>/react/", views.react, name="react"),
    path("article/<int:pk>/<slug:slug>/reactions/", views.reaction_counts, name="reactions"),
    path("article/<int:pk>/<slug:slug>/vote/", views.vote, name="vote"),
]

"""The comments' pages and readers' posts on them. They keep their public names in the `articles`
namespace (`articles:comments`, `articles:flag`, ...): the site's URLconf puts these patterns
there, beside the article's own (`soompi/urls.py`)."""

from django.urls import path

from articles.public import public_page

from . import steps, views

urlpatterns = [
    path("article/<int:pk>/<slug:slug>/comments/", public_page(views.comment_list), name="comments"),
    path("comments/<int:pk>/confirm/<slug:action>/", steps.comment_confirm, name="comment_confirm"),
    path("comments/<int:pk>/replies/", public_page(views.comment_replies), name="comment_replies"),
    path("comments/<int:pk>/flag/", views.comment_flag, name="flag"),
    path("comments/<int:pk>/like/", views.comment_like, name="comment_like"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
]

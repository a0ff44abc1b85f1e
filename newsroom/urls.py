"""The newsroom's one page outside the admin: a listicle's preview by signed link, which works
without a login. It keeps its public name, `articles:preview` (soompi/urls.py)."""

from django.urls import path

from . import preview

urlpatterns = [
    path("preview/<str:token>/", preview.SignedPreviewView.as_view(), name="preview"),
]

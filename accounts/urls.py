from django.urls import path

from . import views
from .signup import ReaderSignupView

app_name = "accounts"

urlpatterns = [
    # Before allauth's own view of the same path (soompi/urls.py includes this module first).
    path("signup/", ReaderSignupView.as_view(), name="signup"),
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete_account, name="delete"),
    path("data/", views.export_data, name="export"),
    path("me/", views.me, name="me"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from . import views

app_name = "dramas"

urlpatterns = [
    path("drama/<slug:slug>/", views.DramaView.as_view(), name="drama"),
    path("actor/<slug:slug>/", views.ActorView.as_view(), name="actor"),
]

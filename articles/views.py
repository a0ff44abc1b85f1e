"""Public pages. (in progress)"""

from django.http import HttpResponse
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "articles/home.html"


ListicleDetailView = TagView = AuthorView = SearchView = HomeView


def healthz(request):
    return HttpResponse("ok")


def robots_txt(request):
    return HttpResponse("", content_type="text/plain")

from django.http import HttpResponse
from django.urls import include, path

BARE_PAGE = "<!doctype html><title>bare</title>" + "<p>" + "x" * 2000 + "</p>"


def bare(request):
    """A fixed 2 KB page, no database: the floor the benchmark's ratios are measured against."""
    return HttpResponse(BARE_PAGE)


urlpatterns = [path("bench/bare/", bare), path("", include("soompi.urls"))]

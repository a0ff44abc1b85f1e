from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import include, path

from articles.models import Listicle
from soompi.responses import private

BARE_PAGE = "<!doctype html><title>bare</title>" + "<p>" + "x" * 2000 + "</p>"


def bare(request):
    """A fixed 2 KB page, no database: the floor the benchmark's ratios are measured against."""
    return HttpResponse(BARE_PAGE)


def session(request):
    """A private answer that reads the reader's session and account and nothing else: what any
    private answer costs before its own work (`bench.floors`). Its address ends in `me/`, so
    deploy/nginx.conf sends it the private answers' way, straight to the app servers."""
    return private(JsonResponse({"signed_in": request.user.is_authenticated}))


def session_query(request):
    """`session` and one primary-key query (`bench.floors`)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Listicle._meta.db_table} WHERE id = %s", [1])  # noqa: S608
        cursor.fetchall()
    return session(request)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare/me/", bare),  # the same, on the way deploy/nginx.conf sends private answers
    path("bench/session/me/", session),
    path("bench/session-query/me/", session_query),
    path("", include("soompi.urls")),
]

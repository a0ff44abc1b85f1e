from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.static import serve

from api.v1 import api, no_such_address
from articles import urls as article_urls
from articles.public import public_page
from articles.sitemaps import news_sitemaps, sitemaps
from articles.views import healthz, robots_txt
from comments import urls as comment_urls
from newsroom import urls as newsroom_urls
from reactions import urls as reaction_urls

handler500 = "soompi.outages.server_error"

# The admin pages of models that moved to another app: the old addresses editors bookmarked answer
# 301 to the new ones.
MOVED_ADMIN_PAGES = {
    "articles/reactionkind": "reactions/reactionkind",
    "articles/comment": "comments/comment",
    "articles/blockedword": "comments/blockedword",
}

urlpatterns = [
    *(
        re_path(
            rf"^admin/{before}/(?P<rest>.*)$",
            RedirectView.as_view(url=f"/admin/{after}/%(rest)s", permanent=True, query_string=True),
        )
        for before, after in MOVED_ADMIN_PAGES.items()
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True)),
    path(
        "sitemap.xml",
        public_page(sitemap),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "news-sitemap.xml",
        public_page(sitemap),
        {"sitemaps": news_sitemaps, "template_name": "articles/news_sitemap.xml"},
        name="news_sitemap",
    ),
    path("api/v1/", api.urls),
    re_path(r"^api/", no_such_address),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include((article_urls.knowledge_base_urlpatterns, "dramas"))),
    # An article's pages, the readers' posts on it and its signed preview keep one namespace of
    # public names (`articles:detail`, `articles:react`, `articles:preview`...), whichever app serves them.
    path(
        "",
        include(
            (
                article_urls.urlpatterns
                + reaction_urls.urlpatterns
                + comment_urls.urlpatterns
                + newsroom_urls.urlpatterns,
                "articles",
            )
        ),
    ),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

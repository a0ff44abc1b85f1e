from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.static import serve

from api.v1 import api, no_such_address
from articles.public import public_page
from articles.sitemaps import news_sitemaps, sitemaps
from articles.urls import knowledge_base_urlpatterns
from articles.views import healthz, robots_txt

handler500 = "soompi.outages.server_error"

urlpatterns = [
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
    path("", include((knowledge_base_urlpatterns, "dramas"))),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

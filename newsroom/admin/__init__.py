from django.contrib import admin

from . import authors, entries, listicles  # noqa: F401 - registers the ModelAdmins

admin.site.site_header = "Soompi CMS"
admin.site.site_title = "Soompi CMS"
admin.site.index_title = "Newsroom"

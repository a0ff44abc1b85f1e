"""The authors admin: bylines, each with its newsroom login, avatar and article count."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from articles.models import Author, Listicle
from dramas.admin_columns import related_count, thumbnail
from pictures.picker import LibraryPickerAdminMixin


@admin.register(Author)
class AuthorAdmin(LibraryPickerAdminMixin, admin.ModelAdmin):
    list_display = ["avatar_thumbnail", "name", "user", "instagram", "listicle_count"]
    list_display_links = ["avatar_thumbnail", "name"]
    list_select_related = ["user"]
    search_fields = ["name", "slug"]
    search_help_text = "Searches names and addresses."
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "user", "bio", "avatar", "instagram"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(listicle_count=related_count(Listicle, "author"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Bylines belong to newsroom logins; readers' accounts are not offered.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("username")
            kwargs["help_text"] = (
                "The newsroom login that writes as this author; their new articles get this byline."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Avatar")
    def avatar_thumbnail(self, author):
        return thumbnail(author.avatar, author.name, width=40, height=40)

    @admin.display(description="Articles", ordering="listicle_count")
    def listicle_count(self, author):
        return author.listicle_count

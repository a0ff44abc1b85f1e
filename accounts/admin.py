from django.contrib import admin

from .models import ReaderProfile


@admin.register(ReaderProfile)
class ReaderProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "reply_emails", "commenting_suspended", "created"]
    list_filter = ["commenting_suspended", "reply_emails"]
    search_fields = ["display_name", "user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created"]

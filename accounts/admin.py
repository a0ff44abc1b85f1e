from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin

from .forms import NAME_TAKEN, display_name_taken
from .models import ReaderProfile


class ReaderProfileAdminForm(forms.ModelForm):
    def clean_display_name(self):
        """Names are unique by look (a stored skeleton): say so, rather than fail on save."""
        name = self.cleaned_data["display_name"]
        if display_name_taken(name, self.instance):
            raise forms.ValidationError(NAME_TAKEN, code="taken")
        return name


@admin.register(ReaderProfile)
class ReaderProfileAdmin(admin.ModelAdmin):
    form = ReaderProfileAdminForm
    list_display = ["display_name", "user", "reply_emails", "commenting_suspended", "created"]
    list_filter = ["commenting_suspended", "reply_emails"]
    search_fields = ["display_name", "user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created"]


# The admin signs in on allauth's page (accounts.sign_in): `/admin/login/` sends there with `next`,
# and a signed-in account that is not staff is refused rather than asked for a password again.
admin.site.login = secure_admin_login(admin.site.login)

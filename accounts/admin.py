from allauth.account.decorators import secure_admin_login
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from .forms import NAME_TAKEN, display_name_taken
from .models import ReaderProfile, SecurityEvent
from .reauthentication import ReauthenticateToDelete, require_recent_sign_in
from .security_events import factor_name, record


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


class StaffUserAdmin(ReauthenticateToDelete, UserAdmin):
    """Django's user admin, asking for a recent sign-in before it deletes an account or changes
    what one may do (groups, permissions, staff or superuser status)."""

    RIGHTS = {"groups", "user_permissions", "is_staff", "is_superuser"}

    def save_model(self, request, obj, form, change):
        if self.RIGHTS.intersection(form.changed_data):
            require_recent_sign_in(request)
        super().save_model(request, obj, form, change)


class StaffGroupAdmin(ReauthenticateToDelete, GroupAdmin):
    """Django's group admin: a group's permissions are its members', so saving one asks for a
    recent sign-in like changing a user's rights does."""

    def save_model(self, request, obj, form, change):
        require_recent_sign_in(request)
        super().save_model(request, obj, form, change)


class StaffAuthenticatorAdmin(ReauthenticateToDelete, AuthenticatorAdmin):
    """allauth's list of second factors, for removing a lost one; never their secrets. A removal is
    in the security log like one made on the account's own page."""

    exclude = ["data"]
    readonly_fields = ["user", "type", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        removed_by_admin(request, obj)

    def delete_queryset(self, request, queryset):
        removed = list(queryset.select_related("user"))
        super().delete_queryset(request, queryset)
        for authenticator in removed:
            removed_by_admin(request, authenticator)


def removed_by_admin(request, authenticator):
    detail = f"{factor_name(authenticator)}, by {request.user.get_username()} in the admin"
    record(request, SecurityEvent.Kind.AUTHENTICATOR_REMOVED, user=authenticator.user, detail=detail)


for model, model_admin in (
    (get_user_model(), StaffUserAdmin),
    (Group, StaffGroupAdmin),
    (Authenticator, StaffAuthenticatorAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log, for superusers only: read, filtered and searched, never written here."""

    list_display = ["created", "kind", "user", "username", "ip_address", "detail"]
    list_filter = ["kind", "created"]
    search_fields = ["username", "user__username", "user__email", "ip_address"]
    list_select_related = ["user"]
    date_hierarchy = "created"
    readonly_fields = ["created", "kind", "user", "username", "ip_address", "user_agent", "detail"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

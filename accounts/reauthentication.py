"""A recent sign-in before the admin's destructive actions: deleting, and changing who may do what.

allauth's re-authentication, as its own pages use it before an account's factors change: unless the
person re-authenticated within `ACCOUNT_REAUTHENTICATION_TIMEOUT` (five minutes), the request raises
`ReauthenticationRequired`; allauth's middleware answers it with the re-authentication page (the
password, or a second factor instead), which then comes back to the page asked for, a form post
included. So an unattended signed-in screen cannot delete an article or hand out rights.

`ReauthenticateToDelete` asks it on a model admin's delete page and its "Delete selected" action,
before the confirmation page shows; `require_recent_sign_in` is the check itself for the other
admin pages that need it (the user and group admins in accounts.admin).
"""

from functools import wraps

from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired

# allauth asks each app whether its own actions need re-authentication; an empty name: always.
ALWAYS = ""


def require_recent_sign_in(request):
    """Raise allauth's ReauthenticationRequired unless the user re-authenticated a moment ago."""
    if request.user.is_anonymous or is_reauthentication_required(request, app=ALWAYS):
        raise ReauthenticationRequired()


def after_recent_sign_in(action):
    """An admin action (modeladmin, request, queryset) that first asks for a recent sign-in."""

    @wraps(action)
    def checked(modeladmin, request, queryset):
        require_recent_sign_in(request)
        return action(modeladmin, request, queryset)

    return checked


class ReauthenticateToDelete:
    """Model admin mixin: a recent sign-in before deleting one object or a selection."""

    def delete_view(self, request, object_id, extra_context=None):
        if self.has_delete_permission(request):  # anyone else gets the admin's own refusal
            require_recent_sign_in(request)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (after_recent_sign_in(function), name, description)
        return actions

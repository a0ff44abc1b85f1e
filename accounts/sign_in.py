"""The one sign-in page, for readers and staff: allauth's, the admin's `/admin/login/` included.

Readers sign in with their email address, staff also with the username their account was made with
in the admin (`ACCOUNT_LOGIN_METHODS`). django-axes stands in front of every password check
(`AUTHENTICATION_BACKENDS`), allauth asks for the second factor of an account that has one
(`accounts.two_factor`), and two things differ for staff:

- A staff session ends after a working day (`accounts.staff_sessions`), "Remember me" or not.
- Staff are not asked to confirm an email address before signing in: their accounts are made by an
  administrator, not by a sign-up anyone can start, and many have no address at all. Readers still
  confirm theirs (`ACCOUNT_EMAIL_VERIFICATION`).
"""

from allauth.account.forms import LoginForm
from allauth.account.stages import EmailVerificationStage

from .staff_sessions import limit_staff_session


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Readers know their email address, not the username allauth made for them.
        self.fields["login"].label = "Email (staff: or username)"
        self.fields["login"].widget.attrs["placeholder"] = "you@example.com"

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        # allauth applies "Remember me" after a one-step sign-in: the working day comes after it.
        limit_staff_session(request, request.user)
        return response


class ReaderEmailVerificationStage(EmailVerificationStage):
    """allauth's email confirmation step, for readers only."""

    def handle(self):
        if self.login.user is not None and self.login.user.is_staff:
            return None, True
        return super().handle()

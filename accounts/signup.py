"""Sign-up that never tells whether an email address already has an account.

Whatever address is typed, a valid sign-up ends on the same "check your email" page: a new
address gets its confirmation link, an address that already has an account gets an email telling
its owner someone tried (sign in, or reset the password) and no second account is made. allauth
does exactly this when email verification is mandatory; with it optional, allauth says "A user is
already registered with this email address" instead, so sign-up always runs as mandatory here and
ACCOUNT_EMAIL_VERIFICATION only decides whether an unconfirmed account may sign in later.

An address someone signed up with but never confirmed: that account cannot sign in while
verification is mandatory, and the address's real owner, told by email, resets the password
(which confirms the address) and so takes the account over, the squatter's password gone.
"""

from allauth.account import app_settings
from allauth.account.forms import SignupForm
from allauth.account.utils import complete_signup, filter_users_by_email, perform_login
from allauth.account.views import SignupView
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from .forms import NAME_TAKEN, display_name_taken

MANDATORY = app_settings.EmailVerificationMethod.MANDATORY


class ReaderSignupForm(SignupForm):
    def validate_unique_email(self, value):
        """Never an error: an address with an account goes on quietly to the owner's email."""
        self.account_already_exists = bool(filter_users_by_email(value))
        return value


class ReaderSignupView(SignupView):
    form_class = ReaderSignupForm

    def form_valid(self, form):
        user = None
        if not form.account_already_exists:
            try:
                with transaction.atomic():  # all of it or nothing: account, profile, email address
                    user = form.save(self.request)
            except IntegrityError:  # another sign-up took the name or the address since the checks
                if display_name_taken(form.cleaned_data["display_name"]):
                    form.add_error("display_name", NAME_TAKEN)
                    return self.form_invalid(form)
                if not filter_users_by_email(form.cleaned_data["email"]):
                    raise
        self.user = user
        redirect_url = self.get_success_url()
        try:
            if user is None:
                make_password(form.cleaned_data.get("password1"))  # as long as a new account takes
                return perform_login(
                    self.request,
                    None,
                    email_verification=MANDATORY,
                    redirect_url=redirect_url,
                    signup=True,
                    email=form.cleaned_data["email"],
                )
            return complete_signup(self.request, user, MANDATORY, redirect_url)
        except ImmediateHttpResponse as error:
            return error.response

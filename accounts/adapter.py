"""allauth's adapter: account emails linked to the public address and named after the site, and
the client's address as the site derives it; staff skip the email confirmation step at sign-in.

allauth builds its links with `request.build_absolute_uri`, that is from the Host header the
client sent (port included), and names the site after that host where no Sites framework is
installed. Every link and name in its emails comes from `soompi.site_address` instead. Its rate
limits ask `soompi.client_ip`, so they count per reader's address behind nginx rather than once for
the whole site.
"""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from soompi.client_ip import client_ip
from soompi.site_address import current_site, site_url

# allauth's email confirmation step at sign-in, replaced by the one that lets staff through.
EMAIL_VERIFICATION_STAGE = "allauth.account.stages.EmailVerificationStage"
READER_EMAIL_VERIFICATION_STAGE = "accounts.sign_in.ReaderEmailVerificationStage"

# Links that allauth puts in an email's context under these names, rebuilt on the public address.
PAGE_LINKS = {"signup_url": "account_signup", "login_url": "account_login"}


class ReaderAccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        return client_ip(request)

    def get_login_stages(self):
        """allauth's sign-in steps, with email confirmation asked of readers only (accounts.sign_in)."""
        return [
            READER_EMAIL_VERIFICATION_STAGE if stage == EMAIL_VERIFICATION_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_account_already_exists_mail(self, email):
        """Someone signed up with an address that has an account: its owner hears of it, the
        person signing up sees what any sign-up sees."""
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {"password_reset_url": site_url(reverse("account_reset_password"))},
        )

    def send_mail(self, template_prefix, email, context):
        links = {name: site_url(reverse(urlname)) for name, urlname in PAGE_LINKS.items()}
        super().send_mail(template_prefix, email, {**context, **links, "current_site": current_site()})

"""Two-factor sign-in for the newsroom: the admin opens to Editors, superusers and account managers
only with a second factor, set up and used on allauth's pages; codes come from pyotp, an
implementation of the authenticator app's algorithm apart from allauth's own.

Tests whose steps add a factor run in real transactions: allauth announces a new factor once the
database has it (`on_commit`), and that announcement is what lets the setup session go on."""

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import SecurityEvent
from accounts.two_factor import CONFIRM, SET_UP, must_use_two_factor
from tests import factories
from tests.conftest import newsroom_group
from tests.passkeys import SoftwareKey, page_options
from tests.two_factor import authenticator_app, fresh_code, secret_on

PASSWORD = "correct horse battery staple"
SETUP = "/accounts/2fa/"
SECOND_STEP = "/accounts/2fa/authenticate/"


def sign_in(client, login="editor", password=PASSWORD, next_url="/admin/"):
    return client.post(f"/accounts/login/?next={next_url}", {"login": login, "password": password})


def second_step(client, code):
    return client.post(SECOND_STEP, {"code": code})


def signed_in(client):
    return "_auth_user_id" in client.session


def confirm_password(client, response):
    """allauth's re-authentication page, answered with the password; its answer."""
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    return client.post(response["Location"], {"password": PASSWORD})


def set_up_authenticator_app(client):
    """The setup page as an editor uses it: the password once more, the secret read off the page into
    the app, the app's code typed back. The app and the code typed."""
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:
        assert confirm_password(client, response)["Location"] == "/accounts/2fa/totp/activate/"
        response = client.get("/accounts/2fa/totp/activate/")
    page = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page, "the QR code is an image inside the page"
    app = authenticator_app_from(secret_on(page))
    code = app.now()
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/recovery-codes/"
    return app, code


def authenticator_app_from(secret):
    import pyotp

    assert secret, "the setup page shows the secret"
    return pyotp.TOTP(secret)


@pytest.fixture
def editor_with_app(editor):
    return editor, authenticator_app(editor)


# The one sign-in page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admins_sign_in_sends_to_the_one_sign_in_page_with_next(client):
    response = client.get("/admin/login/?next=/admin/articles/listicle/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Farticles%2Flisticle%2F"
    landed = client.get("/admin/articles/listicle/", follow=True)
    assert landed.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2Farticles%2Flisticle%2F"
    page = landed.content.decode()
    assert 'name="login"' in page and "Email (staff: or username)" in page


def test_the_admin_has_no_password_form_of_its_own(client, editor):
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not signed_in(client)


def test_a_signed_in_reader_is_refused_the_admin_rather_than_asked_to_sign_in(client, reader):
    client.force_login(reader)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


# Who must use a second factor ----------------------------------------------------------------------


def staff_with(codename):
    user = factories.UserFactory(is_staff=True)
    app_label, codename = codename.split(".")
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.mark.parametrize(
    "make, must",
    [
        (lambda: factories.UserFactory(is_staff=True, is_superuser=True), True),
        (lambda: staff_with("articles.publish_listicle"), True),
        (lambda: staff_with("auth.change_user"), True),
        (lambda: staff_with("auth.change_group"), True),
        (lambda: staff_with("mfa.delete_authenticator"), True),
        (lambda: staff_with("articles.change_listicle"), False),
        (lambda: factories.UserFactory(is_staff=False, is_superuser=True), False),  # no admin at all
        (lambda: factories.UserFactory(is_staff=True, is_superuser=True, is_active=False), False),
    ],
    ids=[
        "superuser",
        "publisher",
        "user-admin",
        "group-admin",
        "factor-admin",
        "plain-staff",
        "not-staff",
        "inactive",
    ],
)
@pytest.mark.django_db
def test_who_must_use_a_second_factor(make, must):
    assert must_use_two_factor(make()) is must


def test_editors_and_writers(editor, writer, settings):
    group_only = factories.UserFactory(is_staff=True)
    group_only.groups.add(newsroom_group("Editors"))
    group_only.groups.get().permissions.clear()
    assert must_use_two_factor(editor) and must_use_two_factor(group_only), "the Editors group, rights or not"
    assert not must_use_two_factor(writer)
    settings.STAFF_MFA_REQUIRED_FOR_ALL = True
    assert must_use_two_factor(writer)


def test_a_writer_opens_the_admin_with_a_password_unless_every_staff_account_must(client, writer, settings):
    assert sign_in(client, "writer")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    settings.STAFF_MFA_REQUIRED_FOR_ALL = True
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [(SETUP, 302)]
    assert SET_UP in response.content.decode()


# Setting up, signing in, a wrong code, recovery codes ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_editor_sets_up_an_authenticator_app_and_then_signs_in_with_it(client, editor):
    assert sign_in(client)["Location"] == "/admin/"
    for page in ("/admin/", "/admin/articles/listicle/", "/admin/auth/user/"):
        response = client.get(page, follow=True)
        assert response.redirect_chain == [(SETUP, 302)], page
        assert SET_UP in response.content.decode()
    assert client.get("/accounts/2fa/").status_code == 200, "the setup page itself stays open"

    app, first_code = set_up_authenticator_app(client)
    assert client.get("/admin/").status_code == 200, "the code typed to set it up counts as using it"
    kinds = set(SecurityEvent.objects.filter(user=editor).values_list("kind", flat=True))
    assert {"authenticator_added", "recovery_codes_generated"} <= kinds

    client.post("/accounts/logout/")
    response = sign_in(client)
    assert response["Location"] == SECOND_STEP, "the password alone no longer signs in"
    assert not signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    response = second_step(client, fresh_code(app, used={first_code}))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    signed = SecurityEvent.objects.filter(user=editor, kind="signed_in").first()
    assert signed.detail == "password and authenticator app"


@pytest.mark.django_db(transaction=True)
def test_a_wrong_code_does_not_set_up_the_app(client, editor):
    sign_in(client)
    confirm_password(client, client.get("/accounts/2fa/totp/activate/"))
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=editor).exists()
    assert client.get("/admin/")["Location"] == SETUP


def test_a_wrong_code_is_refused_at_sign_in(client, editor_with_app):
    editor, app = editor_with_app
    sign_in(client)
    wrong = f"{(int(app.now()) + 1) % 1_000_000:06d}"
    response = second_step(client, wrong)
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    assert not signed_in(client)
    event = SecurityEvent.objects.get(kind="second_factor_failed")
    assert (event.user, event.detail) == (editor, "wrong code at sign-in")


def test_a_code_signs_in_once(client, editor_with_app):
    editor, app = editor_with_app
    code = app.now()
    sign_in(client)
    assert second_step(client, code)["Location"] == "/admin/"
    other = Client()
    sign_in(other)
    assert "Incorrect code." in second_step(other, code).content.decode()


def test_each_recovery_code_signs_in_once(client, editor_with_app):
    editor, _ = editor_with_app
    codes = RecoveryCodes.activate(editor).generate_codes()
    sign_in(client)
    assert second_step(client, codes[0])["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    used = SecurityEvent.objects.get(kind="recovery_code_used")
    assert used.user == editor and used.detail == "to sign in; 9 left"

    again = Client()
    sign_in(again)
    assert "Incorrect code." in second_step(again, codes[0]).content.decode()
    assert not signed_in(again)
    assert second_step(again, codes[1])["Location"] == "/admin/"


def test_a_session_that_did_not_use_the_second_factor_is_asked_for_it(
    client, editor_with_app, without_second_factor
):
    """A session signed in before the editor had a factor (or without the sign-in page) stays signed
    in, and is asked for a code before the admin opens."""
    editor, app = editor_with_app
    client.force_login(editor)
    response = client.get("/admin/articles/listicle/", follow=True)
    confirm = "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Farticles%2Flisticle%2F"
    assert response.redirect_chain == [(confirm, 302)]
    assert CONFIRM in response.content.decode()
    response = client.post(confirm, {"code": app.now()})
    assert response.status_code == 302 and response["Location"] == "/admin/articles/listicle/"
    assert client.get("/admin/articles/listicle/").status_code == 200


def test_an_editor_signed_in_without_any_factor_is_sent_to_set_one_up(client, editor, without_second_factor):
    client.force_login(editor)
    assert client.get("/admin/")["Location"] == SETUP


def test_removing_the_last_factor_closes_the_admin_again(client, editor_with_app):
    editor, app = editor_with_app
    sign_in(client)
    second_step(client, app.now())
    assert client.get("/admin/").status_code == 200
    confirm_password(client, client.get("/accounts/2fa/totp/deactivate/"))
    assert client.post("/accounts/2fa/totp/deactivate/")["Location"] == SETUP
    assert not Authenticator.objects.filter(user=editor).exists()
    assert client.get("/admin/")["Location"] == SETUP
    assert SecurityEvent.objects.filter(user=editor, kind="authenticator_removed").exists()


def test_the_setup_page_keeps_a_strict_content_security_policy(client, editor):
    sign_in(client)
    confirm_password(client, client.get("/accounts/2fa/totp/activate/"))
    response = client.get("/accounts/2fa/totp/activate/")
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert directives["img-src"] == "'self' data:" and directives["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    page = response.content.decode()
    assert '<img class="account-image account-image--qr" src="data:image/svg+xml;base64,' in page
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attrs for attrs in inline), "inline scripts are data only"


# Passkeys and security keys (WebAuthn) -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_editor_adds_a_security_key_and_signs_in_with_it(client, editor):
    sign_in(client)
    confirm_password(client, client.get("/accounts/2fa/webauthn/add/"))
    page = client.get("/accounts/2fa/webauthn/add/").content.decode()
    key = SoftwareKey()
    credential = key.create(page_options(page)["creation_options"])
    response = client.post(
        "/accounts/2fa/webauthn/add/", {"name": "Desk key", "credential": json.dumps(credential)}
    )
    assert response.status_code == 302
    assert Authenticator.objects.get(user=editor, type="webauthn").wrap().name == "Desk key"
    assert client.get("/admin/").status_code == 200
    added = SecurityEvent.objects.get(user=editor, kind="authenticator_added")
    assert added.detail == "security key “Desk key”"

    client.post("/accounts/logout/")
    assert sign_in(client)["Location"] == SECOND_STEP
    options = page_options(client.get(SECOND_STEP).content.decode())["request_options"]
    response = client.post(SECOND_STEP, {"credential": json.dumps(key.get(options))})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    signed = SecurityEvent.objects.filter(user=editor, kind="signed_in").first()
    assert signed.detail == "password and security key"


@pytest.mark.django_db(transaction=True)
def test_a_security_key_answer_with_a_bad_signature_is_refused(client, editor):
    sign_in(client)
    confirm_password(client, client.get("/accounts/2fa/webauthn/add/"))
    key = SoftwareKey()
    options = page_options(client.get("/accounts/2fa/webauthn/add/").content.decode())["creation_options"]
    client.post("/accounts/2fa/webauthn/add/", {"credential": json.dumps(key.create(options))})
    client.post("/accounts/logout/")

    sign_in(client)
    options = page_options(client.get(SECOND_STEP).content.decode())["request_options"]
    answer = key.get(options)
    answer["response"]["signature"] = answer["response"]["signature"][:-4] + "AAAA"
    response = client.post(SECOND_STEP, {"credential": json.dumps(answer)})
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    assert not signed_in(client)

"""The security log (accounts/security_events.py): sign-ins, failed sign-ins and changes to second
factors, with the time and the client's address, for superusers' eyes only."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import SecurityEvent
from tests import factories
from tests.reader_posts import fresh_address
from tests.two_factor import authenticator_app

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, login="editor", password=PASSWORD):
    return client.post("/accounts/login/?next=/admin/", {"login": login, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


def second_step(client, code):
    return client.post("/accounts/2fa/authenticate/", {"code": code})


@pytest.fixture
def editor_with_app(editor):
    return editor, authenticator_app(editor)


def test_sign_ins_and_failures_are_recorded_with_the_clients_address(editor_with_app, settings):
    editor, app = editor_with_app
    address = fresh_address()
    desk = Client(REMOTE_ADDR=address, HTTP_USER_AGENT="Desk browser")
    sign_in(desk, password="wrong")
    sign_in(desk, "nobody-here")
    sign_in(desk)
    second_step(desk, app.now())
    events = list(SecurityEvent.objects.order_by("id").values_list("kind", "user", "username", "ip_address"))
    assert events == [
        ("sign_in_failed", editor.pk, "editor", address),
        ("sign_in_failed", None, "nobody-here", address),
        ("signed_in", editor.pk, "editor", address),
    ]
    assert SecurityEvent.objects.get(kind="signed_in").user_agent == "Desk browser"


def test_a_refusal_while_locked_out_is_recorded_as_such(editor, settings):
    guesser = Client(REMOTE_ADDR=fresh_address())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(guesser, password="wrong")
    assert sign_in(guesser).status_code == 429
    assert not signed_in(guesser)
    last = SecurityEvent.objects.order_by("id").last()
    assert (last.kind, last.detail) == ("sign_in_failed", "refused while locked out")


def test_the_security_log_is_for_superusers_only(client, editor):
    address = fresh_address()
    sign_in(Client(REMOTE_ADDR=address), password="wrong")
    chief = factories.UserFactory(username="chief", is_staff=True, is_superuser=True)
    client.force_login(chief)
    page = client.get("/admin/accounts/securityevent/")
    assert page.status_code == 200 and address in page.content.decode()
    event = SecurityEvent.objects.get(kind="sign_in_failed")
    assert client.get(f"/admin/accounts/securityevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/securityevent/add/").status_code == 403
    assert client.post(f"/admin/accounts/securityevent/{event.pk}/delete/").status_code == 403
    assert "/admin/accounts/securityevent/" in client.get("/admin/").content.decode()

    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="securityevent"))
    desk = Client()
    desk.force_login(editor)
    assert desk.get("/admin/accounts/securityevent/").status_code == 403
    assert "/admin/accounts/securityevent/" not in desk.get("/admin/").content.decode()


def test_a_factor_removed_in_the_admin_is_logged_and_no_secret_is_shown(client, editor_with_app):
    editor, app = editor_with_app
    client.force_login(factories.UserFactory(username="chief", is_staff=True, is_superuser=True))
    totp = Authenticator.objects.get(user=editor, type="totp")
    page = client.get(f"/admin/mfa/authenticator/{totp.pk}/change/")
    assert page.status_code == 200 and app.secret not in page.content.decode()
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Authenticator.objects.filter(pk=totp.pk).exists()
    event = SecurityEvent.objects.get(kind="authenticator_removed")
    assert (event.user, event.detail) == (editor, "authenticator app, by chief in the admin")

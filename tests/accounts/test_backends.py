"""A signed-in account is read with its reader profile in one query, by the same rules: allauth's
and the admin's sign-ins, the session checked against the password, sessions made before."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session

from tests import factories
from tests.reader_posts import me

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member(db):
    return factories.reader_account("Mina", username="mina", email="mina@example.com")


def account_header(client, django_assert_num_queries):
    """The header's part of `me` on any page, which reads nothing but the account and its profile."""
    with django_assert_num_queries(1):
        return me(client)


def test_a_reader_signed_in_by_email_is_named_from_one_query(client, member, django_assert_num_queries):
    response = client.post("/accounts/login/", {"login": "mina@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AuthenticationBackend"
    state = account_header(client, django_assert_num_queries)
    assert state["signed_in"] is True and state["name"] == "Mina"


def test_staff_sign_in_by_username_on_the_one_sign_in_page(client, db):
    editor = factories.UserFactory(username="desk", is_staff=True)
    response = client.post("/accounts/login/?next=/admin/", {"login": "desk", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.ModelBackend"
    assert client.get("/admin/").status_code == 200
    assert me(client)["name"] == editor.username, "an account without a profile is named by its username"


def test_a_password_change_elsewhere_signs_the_session_out(client, member, django_assert_num_queries):
    client.force_login(member)
    assert account_header(client, django_assert_num_queries)["signed_in"] is True
    member.set_password("another long passphrase 42")
    member.save()
    assert me(client)["signed_in"] is False
    assert SESSION_KEY not in client.session, "the session was flushed"


def test_an_inactive_account_is_not_signed_in(client, member):
    client.force_login(member)
    member.is_active = False
    member.save()
    assert me(client)["signed_in"] is False


@pytest.mark.parametrize(
    "backend",
    ["django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"],
)
def test_a_session_signed_in_before_the_backends_were_renamed_stays_signed_in(
    client, member, backend, django_assert_num_queries
):
    client.force_login(member, backend=backend)
    stored = Session.objects.get(pk=client.cookies[settings.SESSION_COOKIE_NAME].value).get_decoded()
    assert stored[BACKEND_SESSION_KEY] == backend
    assert account_header(client, django_assert_num_queries)["name"] == "Mina"
    session = client.session
    session[HASH_SESSION_KEY] = "forged"
    session.save()
    assert me(client)["signed_in"] is False, "its hash is still checked"


def test_a_session_naming_a_backend_not_in_use_is_not_signed_in(client, member):
    client.force_login(member, backend="django.contrib.auth.backends.AllowAllUsersModelBackend")
    assert me(client)["signed_in"] is False

"""Reader accounts: sign-up with a public display name, sign-in back to the article, sign-out by POST,
throttled wrong passwords, the account page and account deletion."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import ReaderProfile
from accounts.unsubscribe import unsubscribe_path
from tests import factories
from tests.reader_posts import me

PASSWORD = "correct horse battery staple"


def signup_data(**overrides):
    data = {
        "email": "mina@example.com",
        "password1": "a long enough passphrase 42",
        "password2": "a long enough passphrase 42",
        "display_name": "Mina",
    }
    return data | overrides


@pytest.fixture
def member(db):
    return factories.reader_account("Mina", username="mina", email="mina@example.com")


def confirm_from_email(client):
    """Follow the confirmation link of the last email, as the reader's browser would."""
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", mail.outbox[-1].body).group(1)
    return client.post(link)


def test_sign_up_creates_the_profile_and_returns_to_the_article(client, listicle, still):
    article = listicle.get_absolute_url()
    response = client.post(f"/accounts/signup/?next={article}", signup_data(next=article))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="mina@example.com")
    assert user.reader_profile.display_name == "Mina"
    response = confirm_from_email(client)
    assert response["Location"] == article
    page = client.get(article)
    assert page.content == Client().get(article).content, "the page is everyone's"
    first = me(client, listicle)  # what reader.js puts in the header: her name, her messages, once
    assert first["signed_in"] is True and first["name"] == "Mina"
    assert first["messages"], "the confirmation is told"
    second = me(client, listicle)
    assert second["name"] == "Mina" and second["messages"] == []
    assert "mina@example.com" not in page.content.decode() + first["name"], "her name is never her email"


def test_sign_up_never_returns_to_another_site(client, db):
    client.post("/accounts/signup/", signup_data(next="https://evil.example/"))
    response = confirm_from_email(client)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Mi\u200bna", "invisible"),
        ("\u202eanim", "invisible"),
        ("mina@example.com", "never an email address"),
        ("", "This field is required"),
        ("!!", "at least one letter"),
    ],
)
def test_sign_up_refuses_a_misleading_display_name(client, db, name, message):
    response = client.post("/accounts/signup/", signup_data(display_name=name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email="mina@example.com").exists()


def test_display_names_are_unique_ignoring_case(client, member):
    response = client.post("/accounts/signup/", signup_data(email="other@example.com", display_name="MINA"))
    assert "Another reader already uses this name" in response.content.decode()
    assert not get_user_model().objects.filter(email="other@example.com").exists()


def test_sign_up_applies_the_password_validators(client, db):
    response = client.post("/accounts/signup/", signup_data(password1="12345678", password2="12345678"))
    assert "This password is too common" in response.content.decode()
    assert not get_user_model().objects.filter(email="mina@example.com").exists()


def test_sign_in_returns_to_the_article_and_the_header_names_the_reader(client, member, listicle):
    article = listicle.get_absolute_url()
    response = client.post(
        "/accounts/login/", {"login": "mina@example.com", "password": PASSWORD, "next": article}
    )
    assert response.status_code == 302
    assert response["Location"] == article
    state = me(client, listicle)
    assert state["signed_in"] is True and state["name"] == "Mina"
    assert state["profile_url"] == reverse("accounts:profile")
    assert state["logout_url"] == reverse("account_logout")
    header_keys = ("signed_in", "name", "profile_url", "logout_url")
    account = me(client)
    assert [account[key] for key in header_keys] == [state[key] for key in header_keys], "every page's header"
    assert me(Client(), listicle)["signed_in"] is False and me(Client())["name"] is None
    header = client.get(article).content.decode()
    assert "Mina" not in header, "the page is everyone's: reader.js names her"
    assert 'data-me-url="' in header


def test_sign_out_needs_a_post(client, member):
    client.force_login(member)
    client.get("/accounts/logout/")
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post("/accounts/logout/")
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_reader_passwords_are_throttled(client, member):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "mina@example.com", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "mina@example.com", "password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 429 or "Too many failed login attempts" in page
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_by_username_locks_after_repeated_wrong_passwords(client, editor):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "editor", "password": "wrong"})
    response = client.post("/accounts/login/?next=/admin/", {"login": "editor", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_page_changes_display_name_and_reply_emails(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), {"display_name": "Mina Kim", "reply_emails": "on"})
    assert response.status_code == 302
    member.reader_profile.refresh_from_db()
    assert member.reader_profile.display_name == "Mina Kim"
    assert member.reader_profile.reply_emails is True


def test_account_page_keeps_what_was_typed_on_error(client, member):
    factories.UserFactory(username="other").reader_profile = ReaderProfile.objects.create(
        user=factories.UserFactory(username="other"), display_name="Taken"
    )
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), {"display_name": "taken"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="taken"' in page
    assert "Another reader already uses this name" in page
    member.reader_profile.refresh_from_db()
    assert member.reader_profile.display_name == "Mina"


def test_account_page_needs_a_sign_in(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deleting_the_account_needs_the_password(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert "_auth_user_id" not in client.session


def test_staff_cannot_delete_their_account_from_the_reader_page(client, editor):
    client.force_login(editor)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_unsubscribe_link_turns_reply_emails_off_without_a_sign_in(client, member):
    ReaderProfile.objects.filter(user=member).update(reply_emails=True)
    response = client.post(unsubscribe_path(member), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    member.reader_profile.refresh_from_db()
    assert member.reader_profile.reply_emails is False


def test_a_tampered_unsubscribe_link_changes_nothing(client, member):
    ReaderProfile.objects.filter(user=member).update(reply_emails=True)
    response = client.post(unsubscribe_path(member)[:-3] + "xx/")
    assert response.status_code == 400
    member.reader_profile.refresh_from_db()
    assert member.reader_profile.reply_emails is True


def test_loaddemo_refuses_published_passwords_with_debug_off(db, settings, monkeypatch):
    settings.DEMO_PASSWORDS_ALLOWED = False
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="--allow-demo-passwords"):
        call_command("loaddemo", verbosity=0)
    assert not get_user_model().objects.filter(username="editor").exists()


def test_loaddemo_with_debug_off_accepts_private_passwords_or_the_flag(db, settings, monkeypatch):
    settings.DEMO_PASSWORDS_ALLOWED = False
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "a-private-editor-secret")
    monkeypatch.setenv("DEMO_WRITER_PASSWORD", "a-private-writer-secret")
    call_command("loaddemo", verbosity=0)
    assert get_user_model().objects.get(username="editor").check_password("a-private-editor-secret")
    get_user_model().objects.filter(username="writer").delete()
    monkeypatch.delenv("DEMO_WRITER_PASSWORD")
    call_command("loaddemo", "--allow-demo-passwords", verbosity=0)
    assert get_user_model().objects.get(username="writer").check_password("soompi-writer-demo")


def test_password_reset_sends_an_email_from_a_page_in_the_site_layout(client, member):
    from django.core import mail

    page = client.get("/accounts/password/reset/").content.decode()
    assert 'class="site-header"' in page
    assert 'href="/static/css/site.css"' in page
    client.post("/accounts/password/reset/", {"email": "mina@example.com"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/email/", "/accounts/password/change/"]
)
def test_account_pages_use_the_site_layout(client, member, path):
    if path.startswith(("/accounts/email/", "/accounts/password/change/")):
        client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert '<meta name="robots" content="noindex">' in page


def test_me_tells_the_messages_of_the_cookie_and_its_overflow_once_and_touches_neither_without(
    client, member, listicle
):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.messages.storage.session import SessionStorage
    from django.test import RequestFactory

    from accounts import signed_in

    told = [Message(constants.SUCCESS, "Kept in the cookie")]
    client.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode(told)
    assert me(client, listicle)["messages"] == [{"level": "success", "text": "Kept in the cookie"}]
    assert me(client, listicle)["messages"] == []
    client.force_login(member)
    request = RequestFactory().get("/")
    request.session = client.session
    request.session["_messages"] = SessionStorage(request).serialize_messages(
        [Message(constants.INFO, "Overflowed into the session")]
    )
    request.COOKIES["messages"] = CookieStorage(request)._encode([*told, CookieStorage.not_finished])
    request._messages = FallbackStorage(request)
    assert [item["text"] for item in signed_in.messages(request)] == [
        "Kept in the cookie",
        "Overflowed into the session",
    ]
    quiet = client.get(reverse("articles:me", args=[listicle.pk, listicle.slug]))
    assert quiet.json()["messages"] == [] and "messages" not in quiet.cookies, "no cookie set or cleared"
    assert "Cookie" in quiet["Vary"]

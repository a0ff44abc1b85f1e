"""Sign-up tells nobody whether an address has an account, and its emails link to the public site."""

import io
import re
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from accounts.models import ReaderProfile
from tests import factories

PASSWORD = "a long enough passphrase 42"


def signup_data(**overrides):
    data = {"email": "mina@example.com", "password1": PASSWORD, "password2": PASSWORD, "display_name": "Mina"}
    return data | overrides


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.fixture
def owner(db):
    """A reader who signed up with jun@example.com and confirmed it."""
    return factories.reader_account("Jun", username="jun", email="jun@example.com")


def answer(response):
    """What a visitor sees of a sign-up answer: status, where it sends them, the page there."""
    return response.status_code, response["Location"], response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("verification", ["optional", "mandatory"])
def test_sign_up_answers_the_same_whether_the_address_has_an_account(client, owner, settings, verification):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    taken = client.post("/accounts/signup/", signup_data(email="jun@example.com", display_name="Jun Two"))
    taken_page = client.get(taken["Location"])
    client.logout()
    new = client.post("/accounts/signup/", signup_data(email="new@example.com", display_name="New Reader"))
    new_page = client.get(new["Location"])
    assert answer(taken) == answer(new) == (302, "/accounts/confirm-email/", False)
    assert taken_page.status_code == new_page.status_code == 200
    assert taken_page.content.replace(b"jun@", b"new@") == new_page.content.replace(b"new@", b"new@")
    assert "already" not in taken_page.content.decode()
    assert get_user_model().objects.filter(email="jun@example.com").count() == 1
    assert not ReaderProfile.objects.filter(display_name="Jun Two").exists()


def test_the_owner_of_an_address_hears_that_someone_tried_to_sign_up_with_it(client, owner, settings):
    settings.SITE_URL = "https://soompi.example"
    client.post("/accounts/signup/", signup_data(email="jun@example.com"), HTTP_HOST="localhost:6666")
    [message] = mail.outbox
    assert message.to == ["jun@example.com"]
    assert message.subject == "[Soompi] Someone tried to sign up with your email address"
    assert "https://soompi.example/accounts/login/" in message.body
    assert "https://soompi.example/accounts/password/reset/" in message.body
    assert "localhost" not in message.body


def test_a_new_reader_confirms_the_address_and_is_back_at_the_article(client, listicle):
    article = listicle.get_absolute_url()
    response = client.post(f"/accounts/signup/?next={article}", signup_data(next=article))
    assert response["Location"] == "/accounts/confirm-email/"
    [message] = mail.outbox
    assert message.subject == "[Soompi] Please Confirm Your Email Address"
    path = link_in(message).removeprefix("http://127.0.0.1:8000")
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == article
    assert client.get(article).wsgi_request.user.email == "mina@example.com"


def test_an_unconfirmed_squatter_cannot_sign_in_and_the_owner_takes_the_address_back(client, db):
    client.post("/accounts/signup/", signup_data(display_name="Squatter"))
    [confirmation] = mail.outbox  # in the real owner's inbox
    client.post("/accounts/login/", {"login": "mina@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # The owner resets the password from their inbox (the squatter's password is gone), confirms.
    owner = type(client)()
    owner.post("/accounts/password/reset/", {"email": "mina@example.com"})
    page = owner.get(link_in(mail.outbox[-1]).removeprefix("http://127.0.0.1:8000"), follow=True)
    new = "the owner's own passphrase 7"
    owner.post(page.redirect_chain[-1][0], {"password1": new, "password2": new})
    owner.post(link_in(confirmation).removeprefix("http://127.0.0.1:8000"))
    owner.post("/accounts/login/", {"login": "mina@example.com", "password": new})
    assert owner.get("/").wsgi_request.user.email == "mina@example.com"
    response = client.post("/accounts/login/", {"login": "mina@example.com", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:6666", "localhost:1"])
def test_account_emails_link_to_the_site_address_whatever_the_host_header(client, owner, settings, host):
    settings.SITE_URL = "https://soompi.example"
    settings.ALLOWED_HOSTS = ["*"]
    client.post("/accounts/signup/", signup_data(), HTTP_HOST=host)
    client.post("/accounts/password/reset/", {"email": "jun@example.com"}, HTTP_HOST=host)
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, HTTP_HOST=host)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        links = re.findall(r"https?://[^\s/]+", message.body)
        assert links and set(links) == {"https://soompi.example"}, message.body
        assert host.split(":")[0] not in message.body
        assert message.subject.startswith("[Soompi] ")
        assert "soompi.example" in message.body


def test_make_run_serves_and_prints_the_address_it_serves_on(settings, db, capsys):
    """`make run HOST=...` gives the demo's printed links and the server one SITE_URL."""
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:9000"], capture_output=True, text=True, check=True
    ).stdout
    assert "SITE_URL=http://0.0.0.0:9000 .venv/bin/python manage.py loaddemo" in dry_run
    assert "SITE_URL=http://0.0.0.0:9000 .venv/bin/python manage.py runserver 0.0.0.0:9000" in dry_run
    settings.SITE_URL = "http://0.0.0.0:9000"
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    assert "Sign in at http://0.0.0.0:9000/admin/" in out.getvalue()
    assert ":8000" not in out.getvalue()

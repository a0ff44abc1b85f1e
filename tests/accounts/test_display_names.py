"""Display names are unique by look, never the site's voice or a staff byline, even under a race."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts import forms as account_forms
from accounts.models import ReaderProfile
from tests import factories

PASSWORD = "a long enough passphrase 42"


def sign_up(client, name, email="mina@example.com"):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": name}
    return client.post("/accounts/signup/", data)


@pytest.fixture
def alice(db):
    return factories.reader_account("Alice Reader", username="alice", email="alice@example.com")


@pytest.mark.parametrize(
    "name",
    [
        "\u0410lice Reader",  # Cyrillic capital A
        "\uff21\uff4c\uff49\uff43\uff45 Reader",  # fullwidth
        "ALICE  READER",
        "A1ice Reader",
        "Alicé Reader",
    ],
)
def test_a_name_that_looks_like_another_readers_is_refused(client, alice, name):
    response = sign_up(client, name)
    assert response.status_code == 200
    assert "Another reader already uses this name, or one that looks the same" in response.content.decode()
    assert not get_user_model().objects.filter(email="mina@example.com").exists()


def test_the_account_page_refuses_a_lookalike_of_another_readers_name(client, alice):
    mina = factories.reader_account("Mina", username="mina", email="mina@example.com")
    client.force_login(mina)
    response = client.post(reverse("accounts:profile"), {"display_name": "\u0410lice Reader"})
    assert response.status_code == 400
    assert "looks the same" in response.content.decode()
    assert ReaderProfile.objects.get(user=mina).display_name == "Mina"


def test_a_reader_keeps_their_own_name_when_saving_the_account_page(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "alice reader", "reply_emails": "on"}
    )
    assert response.status_code == 302
    assert ReaderProfile.objects.get(user=alice).display_name == "alice reader"


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("editor", "editor"),
        ("Soompi Staff", "soompi"),
        ("\uff33\uff2f\uff2f\uff2d\uff30\uff29", "soompi"),
        ("SoompiFan", "soompi"),
        ("the_moderator", "moderator"),
        ("Official", "official"),
        ("Adm1n", "admin"),
        ("Support", "support"),
    ],
)
def test_a_name_that_speaks_for_the_site_is_refused(client, db, name, word):
    response = sign_up(client, name)
    page = response.content.decode()
    assert "sounds like it speaks for the site" in page
    assert f"“{word}”" in page
    assert not get_user_model().objects.filter(email="mina@example.com").exists()


@pytest.mark.parametrize("name", ["Badminton Fan", "Admiral Yi", "Mina", "Goblin Bride"])
def test_ordinary_names_are_taken_as_typed(client, db, name):
    sign_up(client, name)
    assert ReaderProfile.objects.get(user__email="mina@example.com").display_name == name


def test_a_writers_byline_or_a_staff_name_is_refused_to_readers_but_not_to_the_staff_member(client, db):
    factories.AuthorFactory(name="Bina Hearts")
    staff = factories.UserFactory(username="jiwoo", is_staff=True)
    ReaderProfile.objects.create(user=staff, display_name="Ji-woo Park")
    for name in ["Bina Hearts", "\u0412ina Hearts", "JIWOO", "Ji-woo Park"]:
        response = sign_up(client, name)
        assert "the name of a member of our newsroom" in response.content.decode(), name
    assert not get_user_model().objects.filter(email="mina@example.com").exists()
    client.force_login(staff)
    response = client.post(reverse("accounts:profile"), {"display_name": "Ji-woo Park, Soompi Staff"})
    assert response.status_code == 302


def test_a_sign_up_that_loses_a_race_for_its_name_gets_the_form_error_and_leaves_nothing(
    client, db, monkeypatch
):
    """A rival sign-up commits the same-looking name after this one's checks passed."""
    monkeypatch.setattr(account_forms, "check_display_name", lambda *args, **kwargs: None)
    ReaderProfile.objects.create(user=factories.UserFactory(username="rival"), display_name="\u041cina")
    response = sign_up(client, "Mina")
    assert response.status_code == 200
    assert "Another reader already uses this name" in response.content.decode()
    assert not get_user_model().objects.filter(email="mina@example.com").exists()
    assert not EmailAddress.objects.filter(email="mina@example.com").exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_the_migration_stores_skeletons_and_keeps_existing_lookalikes():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_reader_profiles")])
    old = executor.loader.project_state([("accounts", "0001_reader_profiles")]).apps
    User, Profile = old.get_model("auth", "User"), old.get_model("accounts", "ReaderProfile")
    first = Profile.objects.create(user=User.objects.create(username="a"), display_name="Alice")
    twin = Profile.objects.create(user=User.objects.create(username="b"), display_name="\u0410lice")
    other = Profile.objects.create(user=User.objects.create(username="c"), display_name="Jun")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    keys = dict(ReaderProfile.objects.values_list("pk", "display_name_skeleton"))
    assert keys == {first.pk: "allce", twin.pk: f"allce  #{twin.pk}", other.pk: "jun"}
    # The kept twin can still save its profile unchanged, and nobody new can take the look.
    twin_profile = ReaderProfile.objects.get(pk=twin.pk)
    twin_profile.reply_emails = True
    twin_profile.save()
    assert account_forms.display_name_taken("ALICE")


def test_the_admin_refuses_a_lookalike_name_with_a_message(admin_client, alice):
    mina = factories.reader_account("Mina", username="mina", email="mina@example.com")
    profile = ReaderProfile.objects.get(user=mina)
    url = reverse("admin:accounts_readerprofile_change", args=[profile.pk])
    response = admin_client.post(url, {"user": mina.pk, "display_name": "\u0410LICE reader"})
    assert response.status_code == 200
    assert "looks the same" in response.content.decode()
    assert ReaderProfile.objects.get(pk=profile.pk).display_name == "Mina"

"""A signed-in account is kept in the cache between requests, and every change to it counts on the
very next request: sign-out, a password change, a deactivation, a deletion, a renamed profile, a
suspension, an expired session. One reader is never taken for another."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.models import ReaderProfile
from tests import factories
from tests.reader_posts import me

PASSWORD = "correct horse battery staple"


@pytest.fixture
def mina(db):
    return factories.reader_account("Mina", username="mina", email="mina@example.com")


@pytest.fixture
def jun(db):
    return factories.reader_account("Jun", username="jun", email="jun@example.com")


def signed_in(user):
    client = Client()
    client.force_login(user)
    assert me(client)["name"], "the kept account is read once here"
    return client


def test_a_signed_in_readers_header_reads_no_table_once_their_account_is_kept(
    mina, django_assert_num_queries
):
    client = signed_in(mina)
    with django_assert_num_queries(0):
        assert me(client)["name"] == "Mina"


def test_the_articles_me_reads_only_the_readers_own_rows(mina, listicle, django_assert_num_queries):
    client = signed_in(mina)
    me(client, listicle)
    with django_assert_num_queries(1):  # their reaction, vote, comments, likes and flags
        state = me(client, listicle)
    assert state["signed_in"] is True and state["name"] == "Mina"


def test_two_readers_alternating_each_see_only_themselves(mina, jun, listicle):
    first, second = signed_in(mina), signed_in(jun)
    factories.CommentFactory(listicle=listicle, user=mina, body="Mina's own", status="pending")
    for _ in range(3):
        mine, theirs = me(first, listicle), me(second, listicle)
        assert mine["name"] == "Mina" and theirs["name"] == "Jun"
        assert "Mina's own" in str(mine) and "Mina's own" not in str(theirs)
    assert me(Client(), listicle)["signed_in"] is False


def test_signing_out_takes_effect_at_once(mina):
    client = signed_in(mina)
    assert client.post(reverse("account_logout")).status_code == 302
    assert me(client)["signed_in"] is False


def test_a_password_change_signs_out_every_other_session_at_once(mina):
    here, elsewhere = signed_in(mina), signed_in(mina)
    response = here.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase 42",
            "password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == 302
    assert me(here)["signed_in"] is True, "the session that changed it stays signed in"
    assert me(elsewhere)["signed_in"] is False
    assert SESSION_KEY not in elsewhere.session


def test_a_deactivated_account_is_signed_out_at_once(mina):
    client = signed_in(mina)
    mina.is_active = False
    mina.save()
    assert me(client)["signed_in"] is False


def test_a_deleted_account_is_signed_out_at_once_in_every_session(mina):
    here, elsewhere = signed_in(mina), signed_in(mina)
    response = here.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert me(here)["signed_in"] is False
    assert me(elsewhere)["signed_in"] is False


def test_a_renamed_profile_shows_at_once(mina):
    client = signed_in(mina)
    profile = ReaderProfile.objects.get(user=mina)
    profile.display_name = "Mina K"
    profile.save()
    assert me(client)["name"] == "Mina K"


def test_an_expired_session_is_signed_out(mina):
    client = signed_in(mina)
    session = client.session
    session.set_expiry(1)  # the cache (Redis too) and the database both let it lapse on the clock
    session.save()
    assert me(client)["signed_in"] is True
    time.sleep(1.2)
    assert me(client)["signed_in"] is False


def test_a_suspension_by_an_update_counts_at_once(mina, listicle):
    client = signed_in(mina)
    url = reverse("articles:comments", args=[listicle.pk, listicle.slug])
    posted = client.post(url, {"body": "Before"}, headers={"Accept": "application/json"})
    assert posted.status_code in (200, 201), posted.content
    from accounts import kept_accounts

    ReaderProfile.objects.filter(user=mina).update(commenting_suspended=True)
    kept_accounts.changed([mina.pk])
    refused = client.post(url, {"body": "After"}, headers={"Accept": "application/json"})
    assert refused.status_code == 403 and "suspended" in refused.json()["error"]

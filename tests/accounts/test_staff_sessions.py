"""A staff sign-in lasts a working day, whatever "Remember me" said; readers keep theirs for weeks."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, login, remember=False):
    data = {"login": login, "password": PASSWORD, **({"remember": "on"} if remember else {})}
    return client.post("/accounts/login/", data)


def hours_left(client):
    return (client.session.get_expiry_date() - timezone.now()) / timedelta(hours=1)


@pytest.mark.parametrize("remember", [False, True], ids=["not remembered", "remembered"])
def test_a_staff_session_ends_a_working_day_after_signing_in(client, writer, remember):
    assert sign_in(client, "writer", remember).status_code == 302
    assert 8.9 < hours_left(client) <= 9
    assert not client.session.get_expire_at_browser_close()
    assert 32_000 < int(client.cookies["sessionid"]["max-age"]) <= 9 * 3600, "the browser drops it then too"


def test_the_working_day_does_not_start_again_when_the_session_changes(client, writer):
    sign_in(client, "writer")
    ends = client.session.get_expiry_date()
    with time_machine.travel(timezone.now() + timedelta(hours=8)):
        # Re-authenticating writes to the session: its end stays where the sign-in put it.
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        assert client.session.get_expiry_date() == ends
        assert Session.objects.get(session_key=client.session.session_key).expire_date == ends
        assert 3500 < int(client.cookies["sessionid"]["max-age"]) <= 3600, "an hour left"


def test_the_length_of_the_working_day_is_a_setting(client, writer, settings):
    settings.STAFF_SESSION_HOURS = 2
    sign_in(client, "writer", remember=True)
    assert 1.9 < hours_left(client) <= 2


def test_readers_keep_two_weeks_or_their_browsers_session(client, settings):
    factories.reader_account("Mina", username="mina", email="mina@example.com")
    sign_in(client, "mina@example.com", remember=True)
    assert hours_left(client) > 13 * 24
    client.post("/accounts/logout/")
    sign_in(client, "mina@example.com")
    assert client.session.get_expire_at_browser_close()

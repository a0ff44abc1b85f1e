"""Lock-outs hurt the guesser, not the account: wrong passwords from one address never refuse the
right one from another, and an account tried from many addresses is shown to editors."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.failed_sign_ins import accounts_under_attack
from tests import factories
from tests.reader_posts import fresh_address

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db):
    return factories.reader_account("Alice", username="alice", email="alice@example.com")


def reader_login(client, password, email="alice@example.com"):
    return client.post("/accounts/login/", {"login": email, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("wrong", [4, 5, 8])
def test_wrong_passwords_from_one_address_never_refuse_the_right_one_from_another(alice, settings, wrong):
    guesser = Client(REMOTE_ADDR=fresh_address())
    for _ in range(wrong):
        reader_login(guesser, "wrong")

    owner = Client(REMOTE_ADDR=fresh_address())
    assert reader_login(owner, PASSWORD).status_code == 302
    assert signed_in(owner)


def test_the_guessers_address_is_locked_for_that_account(alice, settings):
    guesser = Client(REMOTE_ADDR=fresh_address())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        reader_login(guesser, "wrong")
    response = reader_login(guesser, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(guesser)


def staff_login(client, password, next_url="/admin/"):
    return client.post(f"/accounts/login/?next={next_url}", {"login": "editor", "password": password})


def test_staff_wrong_passwords_elsewhere_do_not_lock_the_editor_out(editor, settings):
    guesser, desk = Client(REMOTE_ADDR=fresh_address()), Client(REMOTE_ADDR=fresh_address())
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        staff_login(guesser, "wrong")
    response = staff_login(desk, PASSWORD)
    assert response.status_code == 302
    assert signed_in(desk)


def fail_from(addresses, times, email="alice@example.com"):
    for address in addresses:
        client = Client(REMOTE_ADDR=address)
        for _ in range(times):
            reader_login(client, "wrong", email)


def alarm_section(client):
    html = client.get(reverse("admin:index")).content.decode()
    if 'id="failed-sign-ins"' not in html:
        return ""
    start = html.index('id="failed-sign-ins"')
    return html[start : html.index("</table>", start)]


def test_an_account_failing_from_many_addresses_is_listed_for_editors(client, alice, editor):
    fail_from([fresh_address() for _ in range(3)], 4)
    client.force_login(editor)

    block = alarm_section(client)

    assert "alice@example.com" in block
    assert "<td>12</td>" in block and "<td>3</td>" in block
    assert "<time datetime=" in block
    [alarm] = accounts_under_attack()
    assert (alarm["failures"], alarm["addresses"]) == (12, 3)


def test_many_failures_from_one_address_or_at_names_nobody_has_are_not_listed(client, alice, editor):
    fail_from([fresh_address()], 12)
    fail_from([fresh_address() for _ in range(3)], 4, email="nobody@example.com")
    client.force_login(editor)
    assert alarm_section(client) == ""
    assert accounts_under_attack() == []


def test_failures_older_than_the_alarm_window_are_forgotten(alice):
    fail_from([fresh_address() for _ in range(3)], 4)
    assert accounts_under_attack()
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert accounts_under_attack() == []


def test_writers_do_not_see_other_accounts_under_attack(client, alice, writer):
    fail_from([fresh_address() for _ in range(3)], 4)
    assert AccessFailureLog.objects.count() == 12
    client.force_login(writer)
    assert alarm_section(client) == ""


def test_a_lockout_says_in_seconds_and_in_words_when_to_try_again(alice, settings):
    guesser = Client(REMOTE_ADDR=fresh_address())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        reader_login(guesser, "wrong")
    response = reader_login(guesser, PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert "Try again in 15 minutes" in page
    assert "PT15M" not in page
    assert "no-store" in response["Cache-Control"]


def test_a_staff_username_lockout_answers_the_same_way(editor, settings):
    guesser = Client(REMOTE_ADDR=fresh_address())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        staff_login(guesser, "wrong")
    response = staff_login(guesser, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Try again in 15 minutes" in response.content.decode()


def test_a_script_gets_the_lockout_as_json(alice, settings):
    guesser = Client(REMOTE_ADDR=fresh_address(), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = reader_login(guesser, "wrong")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response.json()["error"] == "Too many failed sign-ins. Try again in 15 minutes."

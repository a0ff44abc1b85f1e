"""Reply-email unsubscribe links: opening one only asks, the button or RFC 8058's one-click POST
unsubscribes, and a link stops working after UNSUBSCRIBE_MAX_AGE."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import ReaderProfile
from accounts.unsubscribe import unsubscribe_path
from tests import factories

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def subscriber(db):
    user = factories.reader_account("Mina", username="mina", email="mina@example.com")
    ReaderProfile.objects.filter(user=user).update(reply_emails=True)
    return user


def still_subscribed(user):
    return ReaderProfile.objects.get(user=user).reply_emails


def test_opening_the_link_only_asks_so_a_mail_scanner_changes_nothing(subscriber):
    response = Client(enforce_csrf_checks=True).get(unsubscribe_path(subscriber))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop reply emails?" in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert still_subscribed(subscriber)


def test_the_confirm_button_unsubscribes_with_its_csrf_token(subscriber):
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe_path(subscriber)
    client.get(path)
    response = client.post(path, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not still_subscribed(subscriber)


def test_a_post_that_is_neither_one_click_nor_from_the_page_is_refused(subscriber):
    response = Client(enforce_csrf_checks=True).post(unsubscribe_path(subscriber), {"confirm": "1"})
    assert response.status_code == 403
    assert still_subscribed(subscriber)


def test_a_mail_clients_one_click_post_unsubscribes_without_a_cookie_or_token(subscriber):
    response = Client(enforce_csrf_checks=True).post(unsubscribe_path(subscriber), ONE_CLICK)
    assert response.status_code == 200
    assert not still_subscribed(subscriber)


def test_an_expired_link_says_so_and_points_to_the_account_page(subscriber, settings):
    settings.UNSUBSCRIBE_MAX_AGE = 60 * 24 * 3600
    path = unsubscribe_path(subscriber)
    with time_machine.travel(timezone.now() + timedelta(days=61)):
        for response in [Client().get(path), Client().post(path, ONE_CLICK)]:
            assert response.status_code == 400
            page = response.content.decode()
            assert "This link has expired" in page
            assert 'href="/accounts/profile/"' in page
    assert still_subscribed(subscriber)
    with time_machine.travel(timezone.now() + timedelta(days=59)):
        assert Client().post(path, ONE_CLICK).status_code == 200
    assert not still_subscribed(subscriber)


@pytest.mark.parametrize("mangle", [lambda p: p[:-4] + "xx/", lambda p: "/accounts/unsubscribe/nonsense/"])
def test_a_bad_link_gets_a_clear_400_and_changes_nothing(subscriber, mangle):
    for response in [
        Client().get(mangle(unsubscribe_path(subscriber))),
        Client().post(mangle(unsubscribe_path(subscriber)), ONE_CLICK),
    ]:
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
        assert 'href="/accounts/profile/"' in response.content.decode()
    assert still_subscribed(subscriber)


def test_a_link_for_a_deleted_account_gets_the_same_400(subscriber):
    path = unsubscribe_path(subscriber)
    subscriber.delete()
    assert Client().post(path, ONE_CLICK).status_code == 400

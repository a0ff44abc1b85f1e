"""The browser tests' server answers while a test writes, as it must while a test's data is flushed."""

from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.db import transaction

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def status_of(url):
    try:
        with urlopen(url, timeout=30) as response:  # noqa: S310 - the test's own server
            return response.status
    except HTTPError as error:
        return error.code


def test_a_request_during_an_unfinished_write_is_answered_not_locked_out(live_server):
    """With SQLite in memory, a request on a connection of its own would find the listicles table
    locked by the test's write and answer 503 ("database table is locked"); the other way round, a
    request still running locked the flush at a test's end out."""
    with transaction.atomic():
        factories.PublishedListicleFactory()
        status = status_of(f"{live_server.url}/")

    assert status == 200

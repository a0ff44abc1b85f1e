"""With a replica, reader pages read from it; writes, the admin, previews and a reader just after their
own post use the primary. The replica here is a test mirror: a second alias on the same database."""

import pytest
from django.db import connections, transaction
from django.test import Client

from newsroom import preview
from reactions.models import Reaction
from soompi.replicas import PIN_COOKIE, REPLICA, ReplicaRouter, reading_from_replica
from tests import factories
from tests.reader_posts import react, unlimited_addresses
from tests.test_settings import manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(monkeypatch, settings):
    """Adds the `replica` alias (mirroring `default`) and records where each read was sent."""
    unlimited_addresses(settings)
    connections.settings[REPLICA] = connections["default"].settings_dict
    connections[REPLICA] = connections["default"]
    reads = []
    route = ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        alias = route(self, model, **hints)
        reads.append(alias or "default")
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", recording)
    yield reads
    del connections[REPLICA]
    del connections.settings[REPLICA]


def places(reads):
    return set(reads)


def test_without_a_replica_every_read_uses_the_default_database(client, listicle):
    assert ReplicaRouter().db_for_read(Reaction) is None
    assert client.get(listicle.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("path", ["article", "/", "/search/?q=a", "/feed/", "/sitemap.xml"])
def test_reader_pages_read_from_the_replica(client, listicle, routed, path):
    response = client.get(listicle.get_absolute_url() if path == "article" else path)
    assert response.status_code == 200
    assert places(routed) == {REPLICA}


def test_a_post_writes_to_the_primary_and_pins_the_reader_to_it(client, listicle, routed):
    response = react(client, listicle, "love")
    assert response.status_code == 303
    assert REPLICA not in places(routed)
    assert Reaction.objects.using("default").filter(listicle=listicle).count() == 1
    pin = response.cookies[PIN_COOKIE]
    assert int(pin["max-age"]) == 10
    assert pin["httponly"]

    routed.clear()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert places(routed) == {"default"}, "the reader sees their own reaction from the primary"


def test_once_the_pin_expires_the_reader_reads_from_the_replica_again(client, listicle, routed):
    react(client, listicle, "love")
    del client.cookies[PIN_COOKIE]
    routed.clear()
    assert client.get(listicle.get_absolute_url()).status_code == 200
    assert places(routed) == {REPLICA}


def test_other_readers_are_not_pinned_by_someone_elses_post(listicle, routed):
    react(Client(), listicle, "love")
    routed.clear()
    assert Client().get(listicle.get_absolute_url()).status_code == 200
    assert places(routed) == {REPLICA}


def test_the_admin_reads_from_the_primary(client, editor, listicle, routed):
    client.force_login(editor)
    assert client.get("/admin/articles/listicle/").status_code == 200
    assert client.get(f"/admin/articles/listicle/{listicle.pk}/change/").status_code == 200
    assert places(routed) == {"default"}


def test_a_preview_reads_from_the_primary(client, editor, routed):
    draft = factories.ListicleFactory(title="Draft")
    token = preview.make_token(draft, by=editor)
    routed.clear()
    assert client.get(f"/preview/{token}/").status_code == 200
    assert places(routed) == {"default"}


def test_reads_inside_a_transaction_use_the_primary(routed):
    token = reading_from_replica.set(True)
    try:
        assert ReplicaRouter().db_for_read(Reaction) == REPLICA
        with transaction.atomic():
            assert ReplicaRouter().db_for_read(Reaction) is None
    finally:
        reading_from_replica.reset(token)


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate(REPLICA, "articles") is False
    assert ReplicaRouter().allow_migrate("default", "articles") is True


def test_database_replica_url_adds_a_replica_that_tests_mirror():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; r = settings.DATABASES['replica']; "
        "print(r['PORT'], r['TEST']['MIRROR'])",
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5433/soompi",
    )
    assert result.returncode == 0, result.stderr
    assert "5433 default" in result.stdout

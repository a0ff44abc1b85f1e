"""`python -m bench.floors`: the private answers it measures the stack's floor with (bench/urls.py),
and how it sorts and reports the CPU each kind of process spent. No server or wrk needed."""

import pytest

from bench import floors
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def test_the_bare_view_answers_the_same_page_on_the_private_answers_way(client):
    public, private = client.get("/bench/bare/"), client.get("/bench/bare/me/")

    assert public.status_code == private.status_code == 200
    assert public.content == private.content
    assert len(public.content) > 2000


@pytest.mark.parametrize("address", ["/bench/session/me/", "/bench/session-query/me/"])
def test_a_floor_answer_says_who_is_signed_in_and_is_never_stored(client, address):
    reader = factories.reader_account("Floor reader", username="floor")

    anonymous = client.get(address)
    client.force_login(reader)
    signed_in = client.get(address)

    assert anonymous.json() == {"signed_in": False}
    assert signed_in.json() == {"signed_in": True}
    for response in (anonymous, signed_in):
        assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}


def test_the_session_query_floor_costs_one_query_more_than_the_session_floor(
    client, django_assert_num_queries
):
    client.force_login(factories.reader_account("Floor reader", username="floor"))
    client.get("/bench/session/me/")  # the account is kept from here on, as on a warm server

    with django_assert_num_queries(0):
        client.get("/bench/session/me/")
    with django_assert_num_queries(1):
        client.get("/bench/session-query/me/")


@pytest.mark.parametrize(
    ("pid", "command", "group"),
    [
        ("41", "python3", "app"),
        ("42", "nginx: worker process", "nginx"),
        ("43", "postgres: main: postgres bench_main 127.0.0.1(5000) idle", "postgres"),
        ("44", "redis-server 127.0.0.1:6379", "redis"),
        ("45", "python3", "kernel and other"),
        ("46", "kworker/u8:3-events_unbound", "kernel and other"),
    ],
)
def test_each_process_is_counted_with_its_kind(pid, command, group):
    assert floors.group_of(pid, command, app={41}) == group


def test_the_table_gives_each_path_its_ratio_to_the_bare_view_and_its_whole_cost():
    results = {
        "bare": {"per_second": 2000.0, "cpu_ms": {"app": 0.5, "wrk": 0.1, "kernel and other": 0.3}},
        "me via nginx": {"per_second": 500.0, "cpu_ms": {"app": 2.0, "nginx": 0.25, "postgres": 0.5}},
    }

    rows = floors.table(results).splitlines()

    assert rows[2] == "| bare | 2,000 | 1.000 | 0.500, 0.000, 0.000, 0.000, 0.100, 0.300 | 0.900 |"
    assert rows[3] == "| me via nginx | 500 | 0.250 | 2.000, 0.250, 0.500, 0.000, 0.000, 0.000 | 2.750 |"

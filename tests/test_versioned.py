"""`soompi.versioned.gathered`: the kept reads of one request in one cache round trip, as fresh as
each `read` on its own."""

import pytest
from django.core.cache import cache

from soompi import versioned


class Trips:
    """Django's cache, counting the calls made to it (each one round trip to Redis)."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        real = getattr(cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return real(*args, **kwargs)

        return counted


@pytest.fixture
def trips(monkeypatch):
    spy = Trips()
    monkeypatch.setattr(versioned, "cache", spy)
    return spy


def computes(value):
    made = []

    def compute():
        made.append(value)
        return value

    return compute, made


READS = {"box:1": ("kinds", "reactions:1"), "record:1": "article:1", "counts:1": None}


def test_gathered_reads_cost_one_round_trip_and_one_more_to_store_what_was_computed(trips):
    box, box_made = computes("box")
    record, record_made = computes("record")
    versioned.read("record:1", record, version="article:1")
    versioned.changed("kinds", "reactions:1", "counts:1")  # versions as earlier writes left them
    trips.calls.clear()
    with versioned.gathered(READS):
        assert versioned.read("record:1", record, version="article:1") == "record"
        assert versioned.read("box:1", box, version=("kinds", "reactions:1")) == "box"
        assert versioned.read("box:1", box, version=("kinds", "reactions:1")) == "box"
    assert record_made == ["record"] and box_made == ["box"], "a kept value is not computed again"
    assert trips.calls.count("get_many") == 1 and "get" not in trips.calls
    assert trips.calls.count("set_many") + trips.calls.count("set") == 1, "one round trip stores them"
    trips.calls.clear()
    with versioned.gathered(READS):
        versioned.read("record:1", record, version="article:1")
        versioned.read("box:1", box, version=("kinds", "reactions:1"))
        versioned.read("counts:1", computes({})[0])
    assert trips.calls == ["get_many", "set"], "counts:1 was computed; the others were kept"
    trips.calls.clear()
    with versioned.gathered(READS):
        versioned.read("counts:1", computes({})[0])
    assert trips.calls == ["get_many"]


def test_a_change_before_the_gathering_is_seen_and_one_inside_it_ends_it(trips):
    versioned.read("box:1", computes("old")[0], version=("kinds", "reactions:1"))
    versioned.changed("reactions:1")
    with versioned.gathered(READS):
        assert versioned.read("box:1", computes("new")[0], version=("kinds", "reactions:1")) == "new"
        versioned.changed("kinds")
        assert versioned.read("box:1", computes("newer")[0], version=("kinds", "reactions:1")) == "newer"
    with versioned.gathered(READS):
        assert versioned.read("box:1", computes("newest")[0], version=("kinds", "reactions:1")) == "newer"


def test_a_read_the_gathering_does_not_name_asks_the_cache_itself(trips):
    with versioned.gathered(READS):
        assert versioned.read("other", computes(1)[0]) == 1
        assert versioned.read("record:1", computes(2)[0], version="another") == 2
    assert trips.calls.count("get_many") == 3

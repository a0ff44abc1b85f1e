"""Many readers reacting and voting at the same moment, on PostgreSQL with real connections.

Two dozen threads, each with its own database connection, post several hundred reactions and
votes (first ones, moves and take-backs) for their own readers and, two threads at a time, for
shared readers (a double click, two tabs). Afterwards the counts the endpoints report equal the
stored rows, every reader holds at most one reaction and one vote, and every reader whose posts
were sequential ends on exactly the choice their posts add up to.
"""

import importlib
import random
import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from reactions import readers
from reactions.models import Reaction, ReactionKind, Vote
from tests import cache_keys, factories
from tests.reader_posts import JSON, counts, react, vote

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]

SEEDED = importlib.import_module("articles.migrations.0006_reaction_kinds").KINDS


@pytest.fixture(autouse=True)
def _seeded_kinds(transactional_db):
    """The kinds the migration seeds: an earlier test of this kind may have emptied the tables."""
    for position, (slug, label, emoji) in enumerate(SEEDED, start=1):
        ReactionKind.objects.get_or_create(
            slug=slug, defaults={"label": label, "emoji": emoji, "position": position}
        )


THREADS = 24
READERS_PER_THREAD = 2
POSTS_PER_READER = 9
SHARED_READERS = 4
SHARED_POSTS_PER_THREAD = 3
KINDS = ["love", "swoon", "lol", "wow", "sad", "angry"]


def expected_choice(posts):
    """What a reader's sequential posts add up to: the same again takes it back, another moves it."""
    choice, outcomes = None, Counter()
    for value in posts:
        if choice == value:
            choice, outcome = None, "undone"
        else:
            choice, outcome = value, "chosen" if choice is None else "moved"
        outcomes[outcome] += 1
    return choice, outcomes


def test_counts_equal_the_rows_after_hundreds_of_concurrent_reactions_and_votes(settings, django_user_model):
    settings.READER_POST_RATE = None  # every post from one address and a few readers: no limits here
    settings.READER_POST_RATE_PER_IP = None
    listicle = factories.PublishedListicleFactory(poll_question="Which one?")
    entries = [factories.full_entry(listicle, position) for position in range(5)]
    other = factories.PublishedListicleFactory()
    react(Client(), other, "love")  # rows of another article never count here

    rng = random.Random(20261130)
    plans = []  # per thread: (client, user or None, [("react", kind) | ("vote", entry id), ...]) per reader
    for thread in range(THREADS):
        own = []
        for number in range(READERS_PER_THREAD):
            client, user = Client(), None
            if number == 0 and thread % 3 == 0:
                user = factories.UserFactory(username=f"reader-{thread}")
                client.force_login(user)
            posts = [
                ("react", rng.choice(KINDS[:3]))
                if rng.random() < 0.55
                else ("vote", rng.choice(entries[:3]).pk)
                for _ in range(POSTS_PER_READER)
            ]
            own.append((client, user, posts))
        plans.append(own)
    shared = [Client() for _ in range(SHARED_READERS)]
    for client in shared:
        react(client, listicle, "wow")  # gives each shared reader their cookie before the race
    shared_posts = [
        [(shared[thread % SHARED_READERS], rng.choice(KINDS)) for _ in range(SHARED_POSTS_PER_THREAD)]
        for thread in range(THREADS)
    ]

    start = threading.Barrier(THREADS)
    failures = []

    this_tests_cache = cache_keys.in_threads()

    def run(thread):
        this_tests_cache()
        try:
            start.wait()
            steps = [(client, action, value) for client, _, posts in plans[thread] for action, value in posts]
            steps += [(client, "react", kind) for client, kind in shared_posts[thread]]
            # Interleave this thread's readers; each reader's own posts stay in order.
            order = sorted(range(len(steps)), key=lambda index: (index % POSTS_PER_READER, index))
            for index in order:
                client, action, value = steps[index]
                post = react if action == "react" else vote
                response = post(client, listicle, value if action == "react" else str(value), **JSON)
                if response.status_code != 200:
                    failures.append((action, value, response.status_code, response.content[:200]))
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's number
            failures.append((thread, repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not failures, failures[:5]
    total_posts = sum(len(posts) for own in plans for _, _, posts in own) + sum(map(len, shared_posts))
    assert total_posts >= 500

    # The endpoint's counts are the rows, kind by kind.
    data = counts(Client(), listicle)
    rows = Counter(Reaction.objects.filter(listicle=listicle).values_list("kind__slug", flat=True))
    assert data["counts"] == {kind: rows[kind] for kind in KINDS}
    assert data["total"] == sum(rows.values()) == Reaction.objects.filter(listicle=listicle).count()
    assert tally(listicle) == {kind: n for kind, n in rows.items() if n}, "the tally the database keeps"

    # Every sequential reader ends on what their posts add up to; all three outcomes happened often.
    expected_reactions, expected_votes, outcomes = Counter(), Counter(), Counter()
    for own in plans:
        for client, user, posts in own:
            kind, seen = expected_choice([value for action, value in posts if action == "react"])
            entry, seen_votes = expected_choice([value for action, value in posts if action == "vote"])
            outcomes += seen + seen_votes
            assert counts(client, listicle)["mine"] == kind
            owner = {"user": user} if user else {"user": None, "reader": reader_id(client)}
            assert (
                Vote.objects.filter(listicle=listicle, **owner).values_list("entry", flat=True).first()
                == entry
            )
            expected_reactions[kind] += 1
            expected_votes[entry] += 1
    assert min(outcomes["chosen"], outcomes["moved"], outcomes["undone"]) >= 30, outcomes

    # One row per reader at most, and the rows are exactly what the readers' posts add up to.
    for model in (Reaction, Vote):
        per_reader = Counter(model.objects.filter(listicle=listicle).values_list("user", "reader"))
        assert max(per_reader.values()) == 1
    shared_kinds = Counter(
        Reaction.objects.filter(
            listicle=listicle, reader__in=[reader_id(client) for client in shared]
        ).values_list("kind__slug", flat=True)
    )
    del expected_reactions[None], expected_votes[None]
    assert rows == expected_reactions + shared_kinds
    vote_rows = Counter(Vote.objects.filter(listicle=listicle).values_list("entry_id", flat=True))
    assert vote_rows == expected_votes

    # The results a new voter sees are the rows, entry by entry, their own vote included.
    results = vote(Client(), listicle, entries[0], **JSON).json()
    vote_rows[entries[0].pk] += 1
    assert results["total"] == sum(vote_rows.values())
    assert {row["entry"]: row["votes"] for row in results["results"]} == {
        entry.pk: vote_rows[entry.pk] for entry in entries
    }
    assert Reaction.objects.filter(listicle=other).count() == 1


def tally(listicle):
    """{kind slug: reactions} as the database's tally has them (migration 0012)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug, SUM(n) FROM articles_reaction_tally JOIN articles_reactionkind ON kind_id = id"
            " WHERE listicle_id = %s GROUP BY slug HAVING SUM(n) <> 0",
            [listicle.pk],
        )
        return dict(cursor.fetchall())


def reader_id(client):
    """The anonymous reader id in a client's signed cookie."""
    return client.cookies[readers.COOKIE].value.split(":")[0]


def test_a_storm_of_clicks_from_one_reader_leaves_one_reaction_and_one_vote(settings, django_user_model):
    """Twenty tabs of one reader post their first reaction and vote at the same instant."""
    settings.READER_POST_RATE = None
    settings.READER_POST_RATE_PER_IP = None
    listicle = factories.PublishedListicleFactory(poll_question="Which one?")
    entries = [factories.full_entry(listicle, position) for position in range(2)]
    signed_in = factories.UserFactory(username="storm")
    tabs = {"anonymous": Client(), "signed in": Client()}
    tabs["signed in"].force_login(signed_in)
    react(tabs["anonymous"], other_article(), "love")  # the anonymous reader's cookie, from another article
    start, statuses = threading.Barrier(20), []

    this_tests_cache = cache_keys.in_threads()

    def click(number):
        this_tests_cache()
        try:
            tab = tabs["anonymous" if number % 2 else "signed in"]
            start.wait()
            statuses.append(react(tab, listicle, KINDS[number % 4 // 2], **JSON).status_code)
            statuses.append(vote(tab, listicle, str(entries[number % 4 // 2].pk), **JSON).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 40
    for model in (Reaction, Vote):
        rows = model.objects.filter(listicle=listicle)
        assert rows.filter(user=signed_in).count() <= 1
        assert rows.filter(user=None).count() <= 1
    data = counts(Client(), listicle)
    assert data["total"] == Reaction.objects.filter(listicle=listicle).count()
    for name, tab in tabs.items():
        mine = counts(tab, listicle)["mine"]
        owner = {"user": signed_in} if name == "signed in" else {"user": None}
        assert (
            mine
            == Reaction.objects.filter(listicle=listicle, **owner)
            .values_list("kind__slug", flat=True)
            .first()
        )


def other_article():
    return factories.PublishedListicleFactory()

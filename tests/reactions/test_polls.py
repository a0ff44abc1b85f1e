"""The reader's pick: readers vote for their favourite entry and see the ranked results."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle, Numbering, Status
from reactions import polls
from reactions.models import Vote
from tests import factories
from tests.reader_posts import (
    JSON,
    STRICT,
    confirm_step,
    me,
    reason,
    through_confirm,
    unlimited_addresses,
    url,
    vote,
)

pytestmark = pytest.mark.django_db

QUESTION = "Which confession is your favourite?"


@pytest.fixture(autouse=True)
def _unlimited_addresses(settings):
    unlimited_addresses(settings)


def make_poll(numbering=Numbering.LIST, entries=("Coffee Prince", "Goblin", "Healer"), **fields):
    listicle = factories.PublishedListicleFactory(poll_question=QUESTION, numbering=numbering, **fields)
    made = []
    for position, title in enumerate(entries):
        drama = factories.DramaFactory(title=title)
        made.append(factories.EntryFactory(listicle=listicle, drama=drama, position=position))
    return listicle, made


@pytest.fixture
def poll():
    return make_poll()


def page_of(client, listicle):
    return client.get(listicle.get_absolute_url()).content.decode()


def done_of(client, listicle):
    """The private page a vote without JavaScript lands on: the poll as this reader sees it."""
    response = client.get(reverse("articles:done", args=[listicle.pk, listicle.slug, "vote"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def results(html):
    """The ranked results as (number, heading, share, votes, marks) tuples."""
    found = []
    for item in re.findall(r'<li class="poll-result[^"]*">.*?</li>', html, re.S):
        number = re.search(r'poll-result__number">(\d+)<', item).group(1)
        heading = re.search(r"</span></span> ([^<]+)</a>", item).group(1).strip()
        share = re.search(r'poll-result__share">(\d+)%<', item).group(1)
        votes = re.search(r'poll-result__votes">(\d+) votes?<', item).group(1)
        marks = set(re.findall(r'poll-result__badge[^"]*">([^<]+)<', item))
        found.append((int(number), heading, int(share), int(votes), marks))
    return found


def pressed_picks(html):
    """The entry ids of the pick buttons shown pressed, whatever the order of their attributes."""
    buttons = re.findall(r'<button class="pick__button"[^>]*>', html)
    return [re.search(r'value="(\d+)"', tag).group(1) for tag in buttons if 'aria-pressed="true"' in tag]


def test_the_article_asks_the_question_with_a_this_one_button_on_every_entry(client, poll):
    listicle, entries = poll
    html = page_of(client, listicle)
    assert QUESTION in html and "Reader’s pick" in html
    assert html.count("This one!") == 3 + 1  # a button per entry, and the prompt saying so
    for entry in entries:
        assert f'name="entry" value="{entry.pk}"' in html
    assert pressed_picks(html) == []
    assert 'class="poll__results"' not in html, "no results before voting"


def test_no_poll_without_a_question(client):
    listicle, _ = make_poll()
    Listicle.objects.filter(pk=listicle.pk).update(poll_question="")
    html = page_of(client, listicle)
    assert "This one!" not in html and "Reader’s pick" not in html


def test_voting_without_javascript_comes_back_to_the_ranked_results(poll):
    listicle, (coffee, goblin, healer) = poll
    for entry in (goblin, goblin, healer):
        vote(Client(), listicle, entry)
    browser = Client(**STRICT)
    step = confirm_step(browser, listicle, "vote", {"entry": goblin.pk}).content.decode()
    assert "Vote for 2. Goblin?" in step or "Goblin?" in step

    response = through_confirm(browser, listicle, "vote", {"entry": goblin.pk})

    assert response.status_code == 303
    assert response["Location"] == reverse("articles:done", args=[listicle.pk, listicle.slug, "vote"])
    html = browser.get(response["Location"]).content.decode()
    assert results(html) == [
        (2, "Goblin", 75, 3, {"Leader", "Your pick"}),
        (3, "Healer", 25, 1, set()),
        (1, "Coffee Prince", 0, 0, set()),
    ]
    assert "4 votes" in html
    assert f'href="{listicle.get_absolute_url()}#poll"' in html
    # The public page is everyone's: no results before they are public, no pick marked.
    public = page_of(browser, listicle)
    assert public == page_of(Client(), listicle)
    assert pressed_picks(public) == [] and 'class="poll__results"' not in public
    assert me(browser, listicle)["poll"]["mine"] == goblin.pk


def test_another_entry_moves_the_vote_and_the_same_again_takes_it_back(client, poll):
    listicle, (coffee, goblin, _) = poll
    vote(client, listicle, coffee)
    response = vote(client, listicle, goblin, **JSON)
    assert response.status_code == 200
    data = response.json()
    assert (data["total"], data["mine"]) == (1, goblin.pk)
    assert data["results"][0] == {
        "entry": goblin.pk,
        "number": 2,
        "heading": "Goblin",
        "votes": 1,
        "share": 100,
        "leader": True,
    }
    assert list(Vote.objects.values_list("entry", flat=True)) == [goblin.pk]

    response = vote(client, listicle, goblin, **JSON)

    assert response.json() == {"total": 0, "mine": None, "results": []}
    assert not Vote.objects.exists()
    assert 'class="poll__results"' not in page_of(client, listicle)


def test_counts_already_kept_show_a_moved_vote_at_once(client, poll):
    listicle, (coffee, goblin, _) = poll
    vote(client, listicle, coffee)
    vote(Client(), listicle, goblin)
    assert polls.vote_counts(listicle.pk) == {coffee.pk: 1, goblin.pk: 1}  # counted once, and kept
    vote(client, listicle, goblin)  # an UPDATE of the reader's row
    assert polls.vote_counts(listicle.pk) == {goblin.pk: 2}


def test_a_countdown_keeps_its_numbers_in_the_results(client):
    listicle, (first, second, third) = make_poll(numbering=Numbering.COUNTDOWN)
    vote(Client(), listicle, first)
    vote(client, listicle, third)
    vote(Client(), listicle, third)
    assert [(number, heading) for number, heading, *_ in results(done_of(client, listicle))] == [
        (1, "Healer"),
        (3, "Coffee Prince"),
        (2, "Goblin"),
    ]


def test_a_tie_marks_every_leader(client, poll):
    listicle, (coffee, goblin, _) = poll
    vote(Client(), listicle, coffee)
    vote(client, listicle, goblin)
    leaders = [heading for _, heading, _, _, marks in results(done_of(client, listicle)) if "Leader" in marks]
    assert leaders == ["Coffee Prince", "Goblin"]


def test_everyone_sees_the_results_once_the_article_is_two_weeks_old(client, poll, time_machine):
    listicle, (coffee, *_) = poll
    vote(Client(), listicle, coffee)
    assert 'class="poll__results"' not in page_of(Client(), listicle)

    time_machine.move_to(listicle.publish_at + timezone.timedelta(days=14, minutes=1))

    html = page_of(Client(), listicle)
    assert results(html)[0] == (1, "Coffee Prince", 100, 1, {"Leader"})
    assert "This one!" in html, "voting stays open"


def poll_box(html):
    return html[html.index('id="poll"') : html.index("</section>", html.index('id="poll"'))]


def test_public_results_tell_a_reader_who_has_not_voted_how_to_vote(client, poll, time_machine):
    listicle, (coffee, goblin, _) = poll
    vote(Client(), listicle, coffee)
    time_machine.move_to(listicle.publish_at + timezone.timedelta(days=14, minutes=1))

    box = poll_box(page_of(client, listicle))
    assert 'class="poll__results"' in box
    assert "You have not voted yet: press <strong>This one!</strong> under your favourite entry" in box
    assert 'href="#entry-1"' in box  # each result leads to the entry and its button

    vote(client, listicle, goblin)
    box = poll_box(done_of(client, listicle))
    assert "You have not voted yet" not in box
    assert "Your pick" in box
    # The public page keeps the invitation (the same for everyone); reader.js takes it away.
    public = page_of(client, listicle)
    assert public == page_of(Client(), listicle)
    assert "data-poll-invite" in poll_box(public)
    assert me(client, listicle)["poll"]["mine"] == goblin.pk


def test_how_long_results_wait_is_a_setting(client, poll, settings):
    settings.POLL_RESULTS_PUBLIC_AFTER_DAYS = 0
    listicle, _ = poll
    assert 'class="poll__results"' in page_of(Client(), listicle)


def test_a_vote_survives_signing_in(client, poll, reader):
    from tests.reactions.test_reactions import sign_in_request

    listicle, (coffee, goblin, _) = poll
    vote(client, listicle, coffee)
    account = Client()
    account.force_login(reader)
    other, _ = make_poll()
    vote(client, other, other.entries.first())
    vote(account, other, other.entries.last())

    sign_in_request(client, reader)

    assert {(row.listicle_id, row.entry_id) for row in Vote.objects.filter(user=reader)} == {
        (listicle.pk, coffee.pk),
        (other.pk, other.entries.last().pk),
    }
    assert Vote.objects.count() == 2
    assert me(account, listicle)["poll"]["mine"] == coffee.pk
    assert pressed_picks(page_of(account, listicle)) == []


# Bad input


@pytest.fixture
def voted(client, poll):
    listicle, (coffee, goblin, _) = poll
    vote(client, listicle, coffee)
    vote(Client(), listicle, goblin)
    return client


def unchanged(poll):
    listicle, (coffee, goblin, _) = poll
    assert sorted(Vote.objects.values_list("entry_id", flat=True)) == sorted([coffee.pk, goblin.pk])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "Choose an entry: the “entry” field is missing."),
        ("", "Choose an entry: the “entry” field is missing."),
        ("two", "The “entry” field must be the number of an entry."),
        ("-1", "The “entry” field must be the number of an entry."),
        ("1\x00", "The “entry” field must be the number of an entry."),
        ("١", "The “entry” field must be the number of an entry."),
        ("9" * 40, "The “entry” field must be the number of an entry."),
        ("999999", "That entry is not part of this article."),
    ],
)
def test_a_missing_or_unknown_entry_is_refused(voted, poll, value, message):
    response = vote(voted, poll[0], value, **JSON)
    assert response.status_code == 400
    assert response.json() == {"error": message}
    unchanged(poll)


def test_an_entry_from_another_article_is_refused(voted, poll):
    _, (elsewhere, *_) = make_poll()
    response = vote(voted, poll[0], elsewhere)
    assert response.status_code == 400
    assert "That entry is not part of this article." in reason(response)
    unchanged(poll)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Status.DRAFT}, "There is no published article at this address."),
        ({"status": Status.REVIEW}, "There is no published article at this address."),
        ({"publish_at": timezone.now() + timezone.timedelta(hours=2)}, "There is no published article"),
        ({"poll_question": ""}, "This article has no reader’s pick to vote in."),
    ],
)
def test_an_article_without_an_open_poll_answers_404(voted, poll, change, message):
    listicle, (_, _, healer) = poll
    for field, value in change.items():  # saved, as the admin and the workflow save it
        setattr(listicle, field, value)
    listicle.save()
    response = vote(voted, listicle, healer)
    assert response.status_code == 404
    assert message in reason(response)
    unchanged(poll)


def test_get_on_the_vote_address_answers_405(voted, poll):
    response = voted.get(url("vote", poll[0]))
    assert response.status_code == 405
    assert "only takes a POST" in reason(response)
    unchanged(poll)


def test_a_vote_without_the_csrf_token_is_refused(poll):
    listicle, (coffee, *_) = poll
    response = vote(Client(enforce_csrf_checks=True), listicle, coffee)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_with_a_tampered_cookie_is_refused(voted, poll):
    listicle, (_, _, healer) = poll
    voted.cookies["reader"] = voted.cookies["reader"].value + "x"
    response = vote(voted, listicle, healer)
    assert response.status_code == 400
    assert "altered" in reason(response)
    unchanged(poll)


def test_voting_too_fast_is_told_to_wait(client, poll, settings):
    settings.READER_POST_RATE = "2/h"  # an hour's window: the posts (almost) never straddle two
    listicle, (coffee, goblin, healer) = poll
    assert vote(client, listicle, coffee).status_code == 303
    assert vote(client, listicle, healer).status_code == 303
    response = vote(client, listicle, goblin)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many posts in a short time" in reason(response)
    assert list(Vote.objects.values_list("entry", flat=True)) == [healer.pk]


def test_the_page_with_the_poll_and_me_cost_the_same_queries_for_any_length(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.articles.test_pages import ARTICLE_PAGE_QUERIES

    warm, _ = make_poll()
    client.get(warm.get_absolute_url())  # what every page shares (the reaction kinds) is kept
    counted = []
    for count in (2, 15):
        listicle, entries = make_poll(entries=[f"Drama {n}" for n in range(count)])
        vote(client, listicle, entries[-1])
        with CaptureQueriesContext(connection) as page:
            assert client.get(listicle.get_absolute_url()).status_code == 200
        with CaptureQueriesContext(connection) as mine:
            assert me(client, listicle)["poll"]["mine"] == entries[-1].pk
        counted.append((len(page), len(mine)))
    assert counted[0] == counted[1]
    # The public page reads nothing of the reader's; me reads the own reaction, the own vote, the counts.
    assert counted[0][0] <= ARTICLE_PAGE_QUERIES
    assert counted[0][1] <= 3


def test_a_vote_costs_a_fixed_handful_of_queries(client, poll, django_assert_max_num_queries):
    """Article, entries, delete-or-update-or-insert, counts; the test's transaction adds a savepoint."""
    listicle, (coffee, goblin, _) = poll
    vote(client, listicle, coffee)
    for entry in (goblin, goblin, coffee):
        with django_assert_max_num_queries(8):
            assert vote(client, listicle, entry, **JSON).status_code == 200

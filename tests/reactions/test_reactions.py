"""Readers react to an article: one reaction each, moved or taken back, counted exactly."""

import re

import pytest
from django.contrib.auth import login
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from reactions import reactions, readers
from reactions.models import Reaction, ReactionKind
from tests import factories
from tests.reader_posts import (
    JSON,
    STRICT,
    confirm_step,
    counts,
    csrf_token,
    fresh_address,
    me,
    react,
    reason,
    script_post,
    the_form_of,
    through_confirm,
    unlimited_addresses,
    url,
)

pytestmark = pytest.mark.django_db

KINDS = ["love", "swoon", "lol", "wow", "sad", "angry"]


@pytest.fixture(autouse=True)
def _unlimited_addresses(settings):
    unlimited_addresses(settings)


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(title="Confessions", slug="confessions")
    factories.full_entry(listicle, position=0)
    return listicle


def box_html(response):
    page = response.content.decode()
    match = re.search(r'<section class="reactions".*?</section>', page, re.S)
    assert match, "the page has a reaction box"
    return match.group(0)


def pressed(response):
    return re.findall(r'value="([\w-]+)"\s+aria-pressed="true"', box_html(response))


def figures(response, kind):
    """The (count, share) a kind's button shows."""
    html = box_html(response)
    button = re.search(rf'value="{kind}".*?</button>', html, re.S).group(0)
    count = re.search(r"data-reaction-count>(\d+)<", button).group(1)
    share = re.search(r"data-reaction-share>(\d+)%<", button).group(1)
    return int(count), int(share)


# The kinds and the box


def test_a_migration_seeds_the_kinds_readers_recognise(client, article):
    kinds = list(ReactionKind.objects.values_list("slug", "label", "emoji"))
    assert [slug for slug, _, _ in kinds] == KINDS
    assert ("lol", "LOL", "😂") in kinds
    assert list(counts(client, article)["counts"]) == KINDS


def test_the_box_shows_every_active_kind_as_a_button_with_emoji_label_count_and_share(client, article):
    for kind in ("love", "love", "sad"):
        react(Client(), article, kind)

    response = client.get(article.get_absolute_url())

    html = box_html(response)
    assert "How does this article make you feel?" in html
    assert html.count('<button class="reaction" type="submit" name="kind"') == 6
    assert "❤️" in html and ">Love<" in html and "😍" in html and "😢" in html
    assert figures(response, "love") == (2, 67)
    assert figures(response, "sad") == (1, 33)
    assert figures(response, "wow") == (0, 0)
    assert "3 reactions" in html
    assert 'aria-live="polite"' in html
    assert pressed(response) == []


def test_no_box_when_reactions_are_turned_off(client, article):
    article.allow_reactions = False
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "How does this article make you feel?" not in page


# Reacting, moving, taking back


def test_reacting_without_javascript_comes_back_to_the_box_with_it_counted_and_marked(article):
    browser = Client(**STRICT)
    public = browser.get(article.get_absolute_url())
    assert pressed(public) == []
    step = confirm_step(browser, article, "react", {"kind": "swoon"})
    assert "Swoon?" in step.content.decode()

    response = through_confirm(browser, article, "react", {"kind": "swoon"})

    assert response.status_code == 303
    assert response["Location"] == reverse("articles:done", args=[article.pk, article.slug, "react"])
    cookie = response.cookies[readers.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    done = browser.get(response["Location"])
    assert done.status_code == 200
    assert {"private", "no-store"} <= set(done["Cache-Control"].replace(" ", "").split(","))
    assert figures(done, "swoon") == (1, 100)
    assert pressed(done) == ["swoon"]
    assert "Your reaction: 😍 Swoon" in done.content.decode()
    assert f'href="{article.get_absolute_url()}#reactions"' in done.content.decode()
    assert Reaction.objects.get().kind.slug == "swoon"
    # The public page counts it for everyone and marks it for no one.
    again = browser.get(article.get_absolute_url())
    assert figures(again, "swoon") == (1, 100) and pressed(again) == []
    assert again.content == Client().get(article.get_absolute_url()).content


def test_another_kind_moves_the_reaction_and_the_same_again_takes_it_back(client, article):
    react(client, article, "love")
    react(client, article, "wow")
    assert counts(client, article) | {"counts": None} == {"counts": None, "total": 1, "mine": "wow"}
    assert counts(client, article)["counts"]["love"] == 0
    assert Reaction.objects.count() == 1

    react(client, article, "wow")

    assert counts(client, article) == {"counts": dict.fromkeys(KINDS, 0), "total": 0, "mine": None}
    assert not Reaction.objects.exists()


def test_counts_already_kept_show_a_moved_reaction_at_once(client, article):
    react(client, article, "love")
    assert counts(Client(), article)["counts"]["love"] == 1  # counted once, and kept
    react(client, article, "wow")  # an UPDATE of the reader's row
    assert {kind: n for kind, n in counts(Client(), article)["counts"].items() if n} == {"wow": 1}


def test_the_json_endpoint_is_private_and_never_stored(client, article):
    react(client, article, "lol")
    response = client.get(url("reactions", article))
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    assert response.json() == {"counts": dict.fromkeys(KINDS, 0) | {"lol": 1}, "total": 1, "mine": "lol"}
    assert Client().get(url("reactions", article)).json()["mine"] is None


def test_a_script_posting_gets_the_counts_including_its_own_reaction(client, article):
    react(Client(), article, "sad")
    response = react(client, article, "sad", **JSON)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.json() == {"counts": dict.fromkeys(KINDS, 0) | {"sad": 2}, "total": 2, "mine": "sad"}


def test_each_anonymous_reader_has_their_own_reaction(article):
    first, second = Client(), Client()
    react(first, article, "love")
    react(second, article, "love")
    react(second, article, "angry")
    assert counts(first, article)["mine"] == "love"
    assert counts(second, article)["mine"] == "angry"
    assert counts(Client(), article)["total"] == 2


def test_a_signed_in_reader_is_their_account_on_every_device(article, reader):
    phone, laptop = Client(), Client()
    phone.force_login(reader)
    laptop.force_login(reader)
    react(phone, article, "love")
    assert counts(laptop, article)["mine"] == "love"
    react(laptop, article, "love")
    assert not Reaction.objects.filter(user=reader).exists()
    assert readers.COOKIE not in phone.cookies


def retire(slug):
    """As an editor does, unticking "Active" (a save, which pages and workers hear of)."""
    kind = ReactionKind.objects.get(slug=slug)
    kind.active = False
    kind.save()


def test_a_retired_kind_leaves_the_box_and_keeps_its_reactions(client, article):
    react(Client(), article, "angry")
    react(client, article, "love")
    retire("angry")

    data = counts(client, article)
    assert "angry" not in data["counts"] and data["total"] == 1
    assert 'value="angry"' not in box_html(client.get(article.get_absolute_url()))
    assert Reaction.objects.filter(kind__slug="angry").count() == 1


# The page stays cacheable


def test_a_reader_nobody_knows_gets_the_same_shared_page_as_everyone(article):
    react(Client(), article, "love")
    first = Client().get(article.get_absolute_url())
    second = Client().get(article.get_absolute_url())

    assert pressed(first) == pressed(second) == []
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert "public" in first["Cache-Control"] and "private" not in first["Cache-Control"]
    assert "Cookie" not in first.get("Vary", ""), "the page is the same whatever the cookies"
    assert not first.cookies, "reading alone sets no cookie"


def test_a_known_readers_choice_is_in_their_me_answer_and_their_page_is_everyones(client, article, reader):
    react(client, article, "wow")
    page = client.get(article.get_absolute_url())
    assert pressed(page) == []
    assert page.content == Client().get(article.get_absolute_url()).content
    assert "public" in page["Cache-Control"]
    assert me(client, article)["reactions"] == {
        "counts": dict.fromkeys(KINDS, 0) | {"wow": 1},
        "total": 1,
        "mine": "wow",
    }

    signed_in = Client()
    signed_in.force_login(reader)
    page = signed_in.get(article.get_absolute_url())
    assert pressed(page) == [] and page.content == Client().get(article.get_absolute_url()).content
    assert me(signed_in, article)["reactions"]["mine"] is None
    assert me(Client(), article)["reactions"]["mine"] is None


# Signing in keeps what the reader chose


def sign_in_request(client, user):
    """A request carrying `client`'s cookies, signed in as `user` through django.contrib.auth.login."""
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.session = SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return request


def test_an_anonymous_reaction_moves_to_the_account_on_sign_in(client, article, reader):
    react(client, article, "swoon")

    sign_in_request(client, reader)

    row = Reaction.objects.get()
    assert (row.user, row.reader, row.kind.slug) == (reader, "", "swoon")
    signed_in = Client()
    signed_in.force_login(reader)
    assert counts(signed_in, article) | {"counts": None} == {"counts": None, "total": 1, "mine": "swoon"}


def test_on_sign_in_the_accounts_own_reaction_stays(client, article, reader):
    other = factories.PublishedListicleFactory()
    account = Client()
    account.force_login(reader)
    react(account, article, "love")
    react(client, article, "sad")
    react(client, other, "lol")

    sign_in_request(client, reader)

    assert {(row.listicle_id, row.kind.slug) for row in Reaction.objects.filter(user=reader)} == {
        (article.pk, "love"),
        (other.pk, "lol"),
    }
    assert Reaction.objects.count() == 2


def test_signing_in_by_username_for_the_admin_keeps_the_reaction(client, article, editor):
    react(client, article, "wow")
    response = client.post(
        f"{reverse('account_login')}?next=/admin/",
        {"login": "editor", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert Reaction.objects.get().user == editor
    assert counts(client, article)["mine"] == "wow"


# Bad input: the right status, a one-line reason, and nothing changes


@pytest.fixture
def reacted(client, article):
    """The reader has reacted "love"; another reader "sad"."""
    react(client, article, "love")
    react(Client(), article, "sad")
    return client


def unchanged(article, client):
    assert sorted(Reaction.objects.values_list("kind__slug", flat=True)) == ["love", "sad"]
    assert counts(client, article)["mine"] == "love"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "meh"}, "That reaction does not exist or is no longer offered."),
        ({"kind": "LOVE"}, "That reaction does not exist or is no longer offered."),
        ({"kind": "lo\x00ve"}, "That reaction does not exist or is no longer offered."),
        ({}, "Choose a reaction: the “kind” field is missing."),
        ({"kind": ""}, "Choose a reaction: the “kind” field is missing."),
    ],
)
def test_an_unknown_or_missing_kind_is_refused(reacted, article, data, message):
    response = reacted.post(url("react", article), data, **JSON)
    assert response.status_code == 400
    assert reason(response) == message
    unchanged(article, reacted)


def test_a_retired_kind_cannot_be_chosen(reacted, article):
    retire("wow")
    response = react(reacted, article, "wow")
    assert response.status_code == 400
    assert "That reaction does not exist or is no longer offered." in reason(response)
    unchanged(article, reacted)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Status.DRAFT}, "There is no published article at this address."),
        ({"status": Status.ARCHIVED}, "There is no published article at this address."),
        ({"publish_at": timezone.now() + timezone.timedelta(days=1)}, "There is no published article"),
        ({"allow_reactions": False}, "Reactions are turned off for this article."),
    ],
)
def test_an_article_readers_cannot_react_to_answers_404(reacted, article, change, message):
    for field, value in change.items():  # saved, as the admin and the workflow save it
        setattr(article, field, value)
    article.save()
    response = react(reacted, article, "wow")
    assert response.status_code == 404
    assert message in reason(response)
    json_response = reacted.get(url("reactions", article))
    assert json_response.status_code == 404 and message in json_response.json()["error"]
    assert sorted(Reaction.objects.values_list("kind__slug", flat=True)) == ["love", "sad"]


def test_an_unknown_article_answers_404(client):
    response = client.post(reverse("articles:react", kwargs={"pk": 999, "slug": "nope"}), {"kind": "love"})
    assert response.status_code == 404
    assert "There is no published article at this address." in reason(response)


def test_a_post_without_the_csrf_token_is_refused(article):
    browser = Client(enforce_csrf_checks=True)
    response = react(browser, article, "love")
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not Reaction.objects.exists()


def test_the_page_carries_no_token_and_the_confirm_step_carries_the_one_the_post_needs(article):
    browser = Client(**STRICT)
    page = browser.get(article.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" not in page and "csrftoken" not in browser.cookies
    form = the_form_of(confirm_step(browser, article, "react", {"kind": "love"}))
    assert form["action"] == url("react", article)
    assert form["fields"]["kind"] == "love"
    response = browser.post(form["action"], form["fields"])
    assert response.status_code == 303
    assert Reaction.objects.count() == 1


def test_a_script_posts_with_the_token_from_me(article):
    browser = Client(**STRICT)
    response = script_post(browser, url("react", article), {"kind": "love"}, article)
    assert response.status_code == 200
    assert response.json()["mine"] == "love"


def test_get_on_the_post_address_answers_405(reacted, article):
    response = reacted.get(url("react", article) + "?kind=wow")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "only takes a POST" in reason(response)
    unchanged(article, reacted)


def test_the_counts_address_takes_no_post(reacted, article):
    response = reacted.post(url("reactions", article), {"kind": "wow"})
    assert response.status_code == 405
    assert response.json()["error"] == "This address only answers GET."
    unchanged(article, reacted)


def test_a_tampered_reader_cookie_is_refused_and_cleared(reacted, article):
    value = reacted.cookies[readers.COOKIE].value
    forged = value[:-1] + ("A" if value[-1] != "A" else "B")
    reacted.cookies[readers.COOKIE] = forged

    response = react(reacted, article, "wow")

    assert response.status_code == 400
    assert readers.TAMPERED in reason(response)
    assert response.cookies[readers.COOKIE].value == ""
    reacted.cookies[readers.COOKIE] = forged
    json_response = reacted.get(url("reactions", article))
    assert json_response.status_code == 400
    assert json_response.json() == {"error": readers.TAMPERED}
    assert sorted(Reaction.objects.values_list("kind__slug", flat=True)) == ["love", "sad"]


def test_a_tampered_cookie_never_lets_one_reader_act_as_another(reacted, article):
    victim = Reaction.objects.get(kind__slug="sad").reader
    reacted.cookies[readers.COOKIE] = f"{victim}:not-the-signature"
    response = react(reacted, article, "sad", **JSON)
    assert response.status_code == 400
    assert "altered" in response.json()["error"]
    assert Reaction.objects.filter(reader=victim, kind__slug="sad").exists()


def test_a_nul_character_in_the_address_is_refused(reacted, article):
    response = reacted.post(url("react", article) + "?kind=%00", {"kind": "wow"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    unchanged(article, reacted)


# Rate limits


def test_a_reader_posting_too_fast_is_told_to_wait(client, article, settings):
    settings.READER_POST_RATE = "3/h"  # an hour's window: the posts (almost) never straddle two
    for kind in ("wow", "sad", "lol"):
        assert react(client, article, kind).status_code == 303

    response = react(client, article, "angry", **JSON)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert response.json()["error"].startswith("Too many posts in a short time: try again in")
    assert counts(client, article)["mine"] == "lol"
    assert react(Client(), article, "angry").status_code == 303, "another reader may still post"


def test_an_address_posting_too_fast_is_told_to_wait_whatever_the_cookie(article, settings):
    settings.READER_POST_RATE_PER_IP = "5/h"
    address = fresh_address()
    for _ in range(5):
        assert react(Client(REMOTE_ADDR=address), article, "love").status_code == 303

    response = react(Client(REMOTE_ADDR=address), article, "love")

    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Too many posts" in response.content.decode()
    assert Reaction.objects.count() == 5
    assert readers.COOKIE not in response.cookies
    assert react(Client(REMOTE_ADDR=fresh_address()), article, "love").status_code == 303


# What it costs


def test_one_reaction_costs_a_fixed_handful_of_queries(client, article, django_assert_max_num_queries):
    """The reader's row locked, then updated, deleted (read, then deleted, for its signal) or
    inserted, and the counts, in a transaction (here a savepoint in the test's, with a second one
    around the lock); the article and the kinds are kept."""
    react(client, article, "love")
    for kind in ("wow", "wow", "sad"):  # move, take back, react anew
        with django_assert_max_num_queries(8):
            assert react(client, article, kind, **JSON).status_code == 200


def test_a_new_readers_scripted_reaction_is_one_statement_with_its_counts(
    article, django_assert_max_num_queries
):
    """What reactions.js sends for a reader with no cookie yet: on PostgreSQL one statement adds the
    row and counts; elsewhere the INSERT and the counts in one transaction (here savepoints in the
    test's: four statements more)."""
    from django.db import connection

    react(Client(), article, "sad")
    counts(Client(), article)  # the article's record and the kinds are read once, then kept
    browser = Client(**STRICT)
    token = csrf_token(browser, article)
    queries = 1 if connection.vendor == "postgresql" else 2 + 4

    with django_assert_max_num_queries(queries):
        response = browser.post(url("react", article), {"kind": "sad"}, HTTP_X_CSRFTOKEN=token, **JSON)

    assert response.status_code == 200
    assert response.json() == {"counts": dict.fromkeys(KINDS, 0) | {"sad": 2}, "total": 2, "mine": "sad"}
    assert browser.cookies[readers.COOKIE]["httponly"]
    assert counts(browser, article) == response.json(), "the kept counts were made again"
    assert counts(Client(), article)["counts"]["sad"] == 2
    assert Reaction.objects.filter(kind__slug="sad").count() == 2


def test_a_reaction_without_javascript_skips_the_counts_its_redirect_does_not_show(client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    react(client, article, "love")
    with CaptureQueriesContext(connection) as with_json:
        assert react(client, article, "wow", **JSON).status_code == 200
    with CaptureQueriesContext(connection) as without:
        assert react(client, article, "sad").status_code == 303

    # The JSON answer runs in one transaction (soompi.outages.answered_or_undone): its savepoints aside,
    # it makes one query more, the counts.
    def statements(queries):
        return [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]

    assert len(statements(without)) == len(statements(with_json)) - 1
    assert not any('COUNT("articles_reaction"' in query["sql"] for query in without.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_article_page_with_the_box_costs_the_same_queries_for_any_length(
    client, reader, django_assert_num_queries, signed_in
):
    from tests.articles.test_pages import ARTICLE_PAGE_QUERIES

    if signed_in:
        client.force_login(reader)
    queries = []
    for entry_count in (2, 12):
        listicle = factories.PublishedListicleFactory(poll_question="Which one?")
        for position in range(entry_count):
            factories.full_entry(listicle, position)
        react(client, listicle, "love")
        response = client.get(listicle.get_absolute_url())
        assert response.status_code == 200
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            client.get(listicle.get_absolute_url())
        queries.append(len(captured))
    assert queries[0] == queries[1]
    # Anonymous with the reader cookie: the page's queries (box included), own reaction, own vote.
    # Signed in: the session, the user, and the commenter's profile and likes on top.
    assert queries[0] <= ARTICLE_PAGE_QUERIES + 2 + (4 if signed_in else 0)


def test_a_reaction_that_keeps_losing_races_is_refused_with_409_not_500(client, article, monkeypatch):
    from django.db import IntegrityError

    def always_taken(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Reaction.objects, "create", always_taken)
    # A new reader's one statement (PostgreSQL) finds the row taken too, and leaves it to `choose`.
    monkeypatch.setattr(reactions, "first_counted", lambda *args, **kwargs: None)
    response = react(client, article, "love", **JSON)
    assert response.status_code == 409
    assert response.json() == {"error": "Too many changes at once: please try again in a moment."}
    assert not Reaction.objects.exists()
    assert readers.COOKIE not in response.cookies


def test_a_new_readers_first_reaction_is_one_insert(client, article, django_assert_num_queries):
    react(Client(), article, "wow")  # the article's record and the kinds are read once, then kept
    with django_assert_num_queries(1) as queries:
        assert react(client, article, "love").status_code == 303
    assert queries.captured_queries[0]["sql"].startswith("INSERT")
    assert client.cookies[readers.COOKIE] and Reaction.objects.filter(kind__slug="love").count() == 1


def write_reactions_of_every_kind(article, other, reader, check):
    """On two articles, an anonymous reader and a signed-in one add, move and take back reactions
    (another two readers add one each), then the anonymous one signs in: their "sad" on `article` is
    adopted, their "lol" on `other` dropped for the account's. `check()` after every write."""
    anonymous, account = Client(), Client()
    account.force_login(reader)
    for client, listicle, kind in [
        (anonymous, article, "love"), (Client(), article, "love"), (Client(), other, "sad"),
        (account, article, "wow"), (anonymous, article, "sad"), (account, article, "wow"),
        (anonymous, other, "lol"), (account, other, "lol"),
    ]:  # fmt: skip
        react(client, listicle, kind, **JSON)
        check()
    sign_in_request(anonymous, reader)
    check()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tally is PostgreSQL's (migration 0012)")
def test_the_tally_a_new_readers_post_reads_follows_every_write_to_the_rows(article, reader):
    """Reactions added, moved, taken back, adopted on sign-in, deleted in the admin and with their
    article: the tally's sums stay the rows' aggregate."""
    from django.db.models import Count

    def tally():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT listicle_id, kind_id, SUM(n) FROM articles_reaction_tally"
                " GROUP BY listicle_id, kind_id HAVING SUM(n) <> 0"
            )
            return {(listicle, kind): n for listicle, kind, n in cursor.fetchall()}

    def rows():
        grouped = Reaction.objects.order_by().values_list("listicle_id", "kind_id").annotate(n=Count("id"))
        return {(listicle, kind): n for listicle, kind, n in grouped}

    other = factories.PublishedListicleFactory()

    def check():
        assert tally() == rows()

    write_reactions_of_every_kind(article, other, reader, check)
    Reaction.objects.filter(kind__slug="love").delete()
    assert tally() == rows()
    other.delete()
    assert tally() == rows() == {(article.pk, ReactionKind.objects.get(slug="sad").pk): 1}


def test_the_box_counts_equal_the_rows_after_every_kind_of_write(article, reader, settings):
    """Read afresh each time (every cache a DummyCache, as a cold render reads them): the box's
    counts, from the tally on PostgreSQL and from the rows elsewhere, are the rows' aggregate after
    reactions are added, moved, taken back, adopted on sign-in, deleted, and deleted with their article."""
    from django.db.models import Count

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    other = factories.PublishedListicleFactory()
    active = list(ReactionKind.objects.filter(active=True).values_list("pk", flat=True))

    def box(listicle, pk=None):
        kinds, counted = reactions.kinds_and_counts(pk or listicle.pk)
        assert [kind.pk for kind in kinds] == active
        return {kind: counted[kind] for kind in active}

    def rows(listicle, pk=None):
        grouped = (
            Reaction.objects.filter(listicle_id=pk or listicle.pk)
            .order_by()
            .values_list("kind_id")
            .annotate(n=Count("id"))
        )
        return {kind: dict(grouped).get(kind, 0) for kind in active}

    def check():
        assert box(article) == rows(article) and box(other) == rows(other)

    write_reactions_of_every_kind(article, other, reader, check)
    Reaction.objects.filter(kind__slug="love").delete()
    assert (
        box(article)
        == rows(article)
        == {kind: 0 for kind in active} | {ReactionKind.objects.get(slug="sad").pk: 1}
    )
    deleted = article.pk
    article.delete()
    assert box(None, deleted) == rows(None, deleted) == {kind: 0 for kind in active}
    assert box(other) == rows(other)

"""An article's old addresses redirect to the current one and never send a browser round in a loop
(articles/addresses.py), whatever the browser kept of the redirects it followed before."""

import datetime
import importlib
import re
import time

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.addresses import AddressRefused
from articles.models import Listicle, OldAddress, Status
from interchange.problems import InterchangeError
from newsroom import revisions
from newsroom.models import Revision
from newsroom.workflow import transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db

REDIRECTS = (301, 302, 303, 307, 308)
SETTLED = datetime.timedelta(days=31)  # past REDIRECT_PERMANENT_AFTER_DAYS (30 by default)


class TooManyRedirects(AssertionError):
    pass


class Browser:
    """Follows redirects as a browser does, and keeps them as the strictest one would: a 301 (or
    308) for good, whatever its Cache-Control; any other redirect for its `max-age`, if it has one.
    Like Chrome and Firefox, it gives up after 20 redirects."""

    LIMIT = 20

    def __init__(self, client):
        self.client = client
        self.kept = {}  # address: (where it leads, until when; None: for good)

    def open(self, url):
        """The response the reader finally sees, and every address on the way to it."""
        visited = [url]
        for _ in range(self.LIMIT + 1):
            kept = self.kept.get(url)
            if kept and (kept[1] is None or kept[1] > time.time()):
                url = kept[0]
            else:
                response = self.client.get(url)
                if response.status_code not in REDIRECTS:
                    return response, visited
                self.keep(url, response)
                url = response["Location"]
            visited.append(url)
        raise TooManyRedirects(" → ".join(visited))

    def keep(self, url, response):
        if response.status_code in (301, 308):
            self.kept[url] = (response["Location"], None)
            return
        max_age = re.search(r"(?:^|[ ,])max-age=(\d+)", response.get("Cache-Control", ""))
        if max_age and int(max_age.group(1)) > 0:
            self.kept[url] = (response["Location"], time.time() + int(max_age.group(1)))
        else:
            self.kept.pop(url, None)


def address(listicle, slug):
    return f"/article/{listicle.pk}/{slug}/"


def comments_address(listicle, slug):
    return reverse("articles:comments", args=[listicle.pk, slug])


def assert_every_address_lands_on_the_live_article(browser, listicle, slugs):
    listicle.refresh_from_db()
    for slug in slugs:
        for url, live in (
            (address(listicle, slug), listicle.get_absolute_url()),
            (comments_address(listicle, slug), comments_address(listicle, listicle.slug)),
        ):
            response, visited = browser.open(url)
            assert (response.status_code, visited[-1]) == (200, live), visited
            assert listicle.title in response.content.decode()


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def move(client, listicle, slug):
    """Change the address of the live article in the admin and publish the change, as an editor
    does; the response (303 once published)."""
    client.force_login(client.editor)  # again, after the days a test lets pass
    page = client.get(change_url(listicle))
    return client.post(change_url(listicle), form_values(page, slug=slug, _draft="publish"))


@pytest.fixture
def article(editor):
    listicle = factories.ListicleFactory(title="Rooftop confessions", slug="a")
    factories.full_entry(listicle)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    return listicle


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def newsroom(editor):
    """The editor's own client, so that the reader's browser stays anonymous."""
    newsroom = Client()
    newsroom.editor = editor
    newsroom.force_login(editor)
    return newsroom


def test_moving_back_and_forth_never_loops_a_browser_that_keeps_redirects(article, browser, newsroom):
    """A → B → A → B through the admin, the reader opening every address after each move."""
    assert_every_address_lands_on_the_live_article(browser, article, ["a"])
    for slug in ["b", "a", "b"]:
        assert move(newsroom, article, slug).status_code == 303
        article.refresh_from_db()
        assert article.slug == slug
        assert_every_address_lands_on_the_live_article(browser, article, ["a", "b", "never-was"])
    assert set(article.old_addresses.values_list("slug", flat=True)) == {"a"}


def test_the_live_address_never_redirects_and_moving_back_takes_the_old_redirect_away(article, client):
    article.slug = "b"
    article.save()
    assert client.get(address(article, "a")).status_code == 302

    article.slug = "a"
    article.save()

    assert client.get(address(article, "a")).status_code == 200
    assert client.get(address(article, "b"))["Location"] == address(article, "a")
    assert list(article.old_addresses.values_list("slug", flat=True)) == ["b"]


def test_every_old_address_leads_straight_to_the_current_one(article, client):
    for slug in ["b", "c", "d"]:
        article.slug = slug
        article.save()

    for slug in ["a", "b", "c"]:
        response = client.get(address(article, slug))
        assert (response.status_code, response["Location"]) == (302, address(article, "d"))


def test_a_recent_move_is_a_redirect_browsers_ask_again_about(article, client, settings):
    article.slug = "b"
    article.save()

    response = client.get(address(article, "a"))

    assert response.status_code == 302
    marks = response["Cache-Control"].split(", ")
    assert "max-age=0" in marks
    assert f"s-maxage={settings.PAGE_CACHE_SECONDS}" in marks  # nginx keeps it until the next move purges it


def test_a_settled_move_redirects_permanently_and_only_then(article, client, time_machine, settings):
    settings.REDIRECT_PERMANENT_AFTER_DAYS = 10
    article.slug = "b"
    article.save()

    time_machine.move_to(timezone.now() + datetime.timedelta(days=9))
    assert client.get(address(article, "a")).status_code == 302
    time_machine.move_to(timezone.now() + datetime.timedelta(days=2))
    response = client.get(address(article, "a"))

    assert (response.status_code, response["Location"]) == (301, address(article, "b"))
    assert "max-age=86400" in response["Cache-Control"].split(", ")
    assert client.get(address(article, "never-was")).status_code == 302  # not an address it had


def test_an_address_that_redirected_permanently_can_never_be_the_address_again(
    article, browser, newsroom, time_machine
):
    article.slug = "b"
    article.save()
    time_machine.move_to(timezone.now() + SETTLED)
    assert_every_address_lands_on_the_live_article(browser, article, ["a"])  # kept: a → b for good

    refused = move(newsroom, article, "a")

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "has redirected permanently to the new one since" in html
    assert f"<code>/article/{article.pk}/a/</code>, left" in html  # the article's old addresses
    assert "redirects permanently: it cannot be the address again" in html
    article.refresh_from_db()
    assert article.slug == "b"
    with pytest.raises(AddressRefused):
        article.slug = "a"
        article.save()
    # Moving on and back to an address that only redirected for a while is still fine.
    for slug in ["c", "b"]:
        assert move(newsroom, article, slug).status_code == 303
        assert_every_address_lands_on_the_live_article(browser, article, ["a", "b", "c"])
    time_machine.move_to(timezone.now() + SETTLED)
    for slug in ["d", "e"]:
        assert move(newsroom, article, slug).status_code == 303
        assert_every_address_lands_on_the_live_article(browser, article, ["a", "b", "c", "d"])
    article.refresh_from_db()
    # b was the live address while the others settled into permanent redirects: it may come back.
    assert dict(article.old_addresses.values_list("slug", "permanent")) == {
        "a": True,
        "b": False,
        "c": True,
        "d": False,
    }
    assert move(newsroom, article, "b").status_code == 303
    assert_every_address_lands_on_the_live_article(browser, article, ["a", "b", "c", "d", "e"])


def test_the_headline_gives_another_slug_when_its_own_redirects_permanently(article, newsroom, time_machine):
    for slug in ["rooftop-confessions", "b"]:
        article.slug = slug
        article.save()
    time_machine.move_to(timezone.now() + SETTLED)
    newsroom.force_login(newsroom.editor)

    page = newsroom.get(change_url(article))
    published = newsroom.post(change_url(article), form_values(page, update_slug="on", _draft="publish"))
    assert published.status_code == 303

    article.refresh_from_db()
    assert article.slug == "rooftop-confessions-2"


def test_restoring_a_revision_at_an_address_that_redirects_permanently_is_refused(
    article, editor, client, time_machine
):
    kept = revisions.record(article, user=editor)
    article.slug = "b"
    article.save()
    time_machine.move_to(timezone.now() + SETTLED)

    with pytest.raises(InterchangeError, match="slug: “a” was this article's address until"):
        revisions.restore(kept, user=editor)

    assert Listicle.objects.get(pk=article.pk).slug == "b"
    assert client.get(address(article, "b")).status_code == 200


def test_restoring_a_revision_soon_after_a_move_takes_the_address_back(article, editor, client):
    kept = revisions.record(article, user=editor)
    article.slug = "b"
    article.save()

    revisions.restore(kept, user=editor)

    assert client.get(address(article, "a")).status_code == 200
    assert client.get(address(article, "b"))["Location"] == address(article, "a")


# Unhappy paths


def test_a_slug_another_article_left_is_free_and_each_address_finds_its_own_article(article, browser):
    article.slug = "b"
    article.save()
    assert_every_address_lands_on_the_live_article(browser, article, ["a"])
    other = factories.PublishedListicleFactory(title="Another article", slug="a")

    response, visited = browser.open(address(other, "a"))

    assert (response.status_code, visited) == (200, [address(other, "a")])
    assert "Another article" in response.content.decode()
    assert_every_address_lands_on_the_live_article(browser, article, ["a", "b"])


def test_an_unpublished_article_answers_404_at_every_address_without_a_loop(
    article, browser, editor, time_machine
):
    article.slug = "b"
    article.save()
    time_machine.move_to(timezone.now() + SETTLED)
    assert_every_address_lands_on_the_live_article(browser, article, ["a"])  # kept: a → b for good

    transition(article, to=Status.DRAFT, by=editor)

    response, visited = browser.open(address(article, "a"))
    assert (response.status_code, visited) == (404, [address(article, "a"), address(article, "b")])
    response, visited = browser.open(address(article, "b"))
    assert (response.status_code, visited) == (404, [address(article, "b")])
    assert Browser(browser.client).open(address(article, "a"))[0].status_code == 404  # nothing leaks
    transition(article, to=Status.PUBLISHED, by=editor)
    assert_every_address_lands_on_the_live_article(browser, article, ["a", "b"])


def test_a_deleted_article_answers_404_at_every_address_without_a_loop(article, browser, time_machine):
    article.slug = "b"
    article.save()
    time_machine.move_to(timezone.now() + SETTLED)
    assert_every_address_lands_on_the_live_article(browser, article, ["a"])
    pk = article.pk

    article.delete()

    response, visited = browser.open(f"/article/{pk}/a/")
    assert (response.status_code, visited) == (404, [f"/article/{pk}/a/", f"/article/{pk}/b/"])
    assert Browser(browser.client).open(f"/article/{pk}/a/")[0].status_code == 404
    assert not OldAddress.objects.filter(listicle_id=pk).exists()


def test_a_draft_keeps_no_old_addresses(editor):
    draft = factories.ListicleFactory(slug="first")
    for slug in ["second", "first", "third"]:
        draft.slug = slug
        draft.save()

    assert not draft.old_addresses.exists()


def test_an_old_address_costs_two_queries(article, client, django_assert_max_num_queries):
    for slug in ["b", "c", "d"]:
        article.slug = slug
        article.save()

    with django_assert_max_num_queries(2):
        assert client.get(address(article, "a")).status_code == 302


# Addresses kept before this record existed


def test_the_migration_records_the_moves_revisions_show_as_permanent(editor):
    published = timezone.now() - datetime.timedelta(days=10)
    listicle = factories.PublishedListicleFactory(slug="now", publish_at=published)
    for slug, days in [
        ("draft-name", -2),
        ("first", -1),  # a move before readers could see it: "draft-name" was never an address
        ("second", 2),
        ("first", 3),
        ("third", 4),
    ]:
        revision = Revision.objects.create(listicle=listicle, snapshot={"slug": slug})
        Revision.objects.filter(pk=revision.pk).update(created=published + datetime.timedelta(days=days))
    OldAddress.objects.all().delete()
    migration = importlib.import_module("articles.migrations.0013_old_addresses")
    # The models as that migration knows them: Revision was still an articles model then.
    then = MigrationLoader(connection).project_state(("articles", "0013_old_addresses")).apps

    migration.record_past_moves(then, None)

    rows = OldAddress.objects.filter(listicle=listicle)
    assert dict(rows.values_list("slug", "permanent")) == {"first": True, "second": True, "third": True}
    assert rows.get(slug="second").retired_at == published + datetime.timedelta(days=3)
    assert rows.get(slug="first").retired_at == published + datetime.timedelta(days=4)
    assert rows.get(slug="third").retired_at == listicle.updated  # moved since its latest revision

"""Editors manage the reaction kinds and see what readers said on each listicle."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Listicle
from reactions.models import Reaction, ReactionKind
from tests import factories
from tests.reader_posts import counts, react, unlimited_addresses, vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unlimited_addresses(settings):
    unlimited_addresses(settings)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def admin_url(view, *args, model="reactionkind"):
    app = "articles" if model == "listicle" else "reactions"
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def test_editors_list_the_kinds_in_order_with_their_reaction_counts(editor_client, listicle):
    react(Client(), listicle, "lol")
    response = editor_client.get(admin_url("changelist"))
    assert response.status_code == 200
    labels = [str(kind) for kind in response.context["cl"].result_list]
    assert labels == ["❤️ Love", "😍 Swoon", "😂 LOL", "😮 Wow", "😢 Sad", "😠 Angry"]
    assert [kind.reaction_count for kind in response.context["cl"].result_list] == [0, 0, 1, 0, 0, 0]
    assert 'class="drag handle"' in response.content.decode()


def test_dragging_a_kind_reorders_the_box(editor_client, listicle):
    react(Client(), listicle, "sad", HTTP_ACCEPT="application/json")  # the kinds as they were, kept
    angry = ReactionKind.objects.get(slug="angry")
    love = ReactionKind.objects.get(slug="love")
    response = editor_client.post(
        admin_url("sortable_update"),
        json.dumps({"updatedItems": [[angry.pk, 1], [love.pk, 6]]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert list(counts(Client(), listicle)["counts"])[0] == "angry"
    assert list(counts(Client(), listicle)["counts"])[-1] == "love"
    answer = react(Client(), listicle, "wow", HTTP_ACCEPT="application/json").json()
    assert list(answer["counts"])[0] == "angry" and list(answer["counts"])[-1] == "love"


def test_an_editor_adds_a_kind_and_readers_can_use_it(editor_client, listicle):
    response = editor_client.post(
        admin_url("add"), {"label": "Heart flutter", "slug": "flutter", "emoji": "💓", "active": "on"}
    )
    assert response.status_code == 302
    assert list(counts(Client(), listicle)["counts"])[-1] == "flutter"
    assert react(Client(), listicle, "flutter").status_code == 303


def test_a_retired_kind_keeps_its_reactions(editor_client, listicle):
    react(Client(), listicle, "sad")
    sad = ReactionKind.objects.get(slug="sad")
    response = editor_client.post(
        admin_url("change", sad.pk), {"label": "Sad", "slug": "sad", "emoji": "😢", "position": sad.position}
    )
    assert response.status_code == 302
    assert not ReactionKind.objects.get(slug="sad").active
    assert "sad" not in counts(Client(), listicle)["counts"]
    assert Reaction.objects.filter(kind=sad).count() == 1


def test_a_kind_with_reactions_cannot_be_deleted_and_the_admin_says_why(editor_client, listicle):
    react(Client(), listicle, "wow")
    react(Client(), listicle, "wow")
    wow = ReactionKind.objects.get(slug="wow")

    page = editor_client.get(admin_url("delete", wow.pk)).content.decode()
    assert "😮 Wow: 2 reader reactions. A kind readers have used cannot be deleted" in page
    assert "untick “Active”" in page

    response = editor_client.post(admin_url("delete", wow.pk), {"post": "yes"})
    assert response.status_code == 200
    assert ReactionKind.objects.filter(pk=wow.pk).exists()
    assert Reaction.objects.filter(kind=wow).count() == 2


def test_deleting_kinds_in_bulk_is_refused_when_one_has_reactions(editor_client, listicle):
    react(Client(), listicle, "angry")
    kinds = ReactionKind.objects.filter(slug__in=["angry", "sad"])
    response = editor_client.post(
        admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [kind.pk for kind in kinds], "post": "yes"},
    )
    assert response.status_code == 200
    assert (
        "😠 Angry: 1 reader reaction. A kind readers have used cannot be deleted" in response.content.decode()
    )
    assert ReactionKind.objects.filter(slug__in=["angry", "sad"]).count() == 2


def test_an_unused_kind_can_be_deleted(editor_client):
    sad = ReactionKind.objects.get(slug="sad")
    response = editor_client.post(admin_url("delete", sad.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not ReactionKind.objects.filter(slug="sad").exists()


def test_writers_may_look_at_the_kinds_but_not_change_them(writer):
    client = Client()
    client.force_login(writer)
    love = ReactionKind.objects.get(slug="love")
    assert client.get(admin_url("changelist")).status_code == 200
    assert client.post(admin_url("delete", love.pk), {"post": "yes"}).status_code == 403
    assert (
        client.post(admin_url("change", love.pk), {"label": "X", "slug": "x", "emoji": "x"}).status_code
        == 403
    )
    assert ReactionKind.objects.get(pk=love.pk).label == "Love"


# The listicle pages


def test_the_listicle_page_shows_reactions_per_kind_and_the_poll_results(editor_client):
    listicle = factories.PublishedListicleFactory(poll_question="Which is yours?", numbering="countdown")
    first = factories.full_entry(listicle, position=0)
    second = factories.full_entry(listicle, position=1)
    for kind in ("love", "love", "sad"):
        react(Client(), listicle, kind)
    vote(Client(), listicle, second)

    page = editor_client.get(admin_url("change", listicle.pk, model="listicle")).content.decode()

    assert "What readers said" in page
    assert "Reactions: 3" in page
    assert re.search(r"❤️ Love</td><td>2</td><td>67%</td>", page)
    assert re.search(r"😢 Sad</td><td>1</td><td>33%</td>", page)
    assert "Reader’s pick: Which is yours? (1 vote)" in page
    assert re.search(rf"1\. {second.display_heading} — <strong>leader</strong></td><td>1</td><td>100%", page)
    assert re.search(rf"2\. {first.display_heading}</td><td>0</td><td>0%", page)


def test_the_listicle_list_has_a_sortable_reactions_column(editor_client):
    loved = factories.PublishedListicleFactory(title="Loved")
    factories.PublishedListicleFactory(title="Unread")
    quiet = factories.PublishedListicleFactory(title="Quiet")
    for _ in range(3):
        react(Client(), loved, "love")
    react(Client(), quiet, "wow")
    changelist = admin_url("changelist", model="listicle")
    column = editor_client.get(changelist).context["cl"].list_display.index("reaction_count")

    for order, expected in (
        (f"-{column}", ["Loved", "Quiet", "Unread"]),
        (str(column), ["Unread", "Quiet", "Loved"]),
    ):
        response = editor_client.get(changelist, {"o": order})
        assert response.status_code == 200
        assert [row.title for row in response.context["cl"].result_list] == expected
    assert [row.reaction_count for row in response.context["cl"].result_list] == [0, 1, 3]
    assert "sortable column-reaction_count" in response.content.decode()


def test_the_reactions_column_costs_no_query_per_row(editor_client, django_assert_max_num_queries):
    def make():
        listicle = factories.PublishedListicleFactory()
        react(Client(), listicle, "love")

    make()
    with django_assert_max_num_queries(30) as few:
        assert editor_client.get(admin_url("changelist", model="listicle")).status_code == 200
    budget = len(few.captured_queries)  # now: a request clears the query log
    for _ in range(10):
        make()
    with django_assert_max_num_queries(budget):
        response = editor_client.get(admin_url("changelist", model="listicle"))
    assert response.context["cl"].result_count == Listicle.objects.count() == 11

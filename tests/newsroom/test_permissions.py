"""Who may do what to a listicle in the admin, and the server refusing the rest even when posted directly.

The actors: an anonymous visitor, a reader (an account without staff access), the writer who owns
the listicle, another writer, and an editor.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle, Status
from newsroom.models import Transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "reader", "writer_own", "writer_other", "editor"]
LOGIN = "/admin/login/"


@pytest.fixture
def other_writer(db):
    user = factories.UserFactory(username="other-writer", is_staff=True)
    user.groups.add(Group.objects.get(name="Writers"))
    return user


@pytest.fixture
def draft(writer):
    listicle = factories.ListicleFactory(title="Confessions", created_by=writer, author=writer.author)
    factories.EntryFactory(listicle=listicle)
    return listicle


@pytest.fixture
def as_actor(request, client):
    """Logs the client in as an actor, creating only that actor's account."""
    fixtures = {
        "reader": "reader",
        "writer_own": "writer",
        "writer_other": "other_writer",
        "editor": "editor",
    }

    def log_in(actor):
        if actor != "anonymous":
            client.force_login(request.getfixturevalue(fixtures[actor]))
        return client

    return log_in


def admin_url(name, *args):
    return reverse(f"admin:articles_listicle_{name}", args=args)


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


VIEW_EXPECTATIONS = {
    # view: {actor: expected status, "login" for the admin's login redirect, "recent sign-in" for
    # allauth's re-authentication page (accounts/reauthentication.py)}
    "changelist": {"writer_own": 200, "writer_other": 200, "editor": 200},
    "add": {"writer_own": 200, "writer_other": 200, "editor": 200},
    "change": {"writer_own": 200, "writer_other": 200, "editor": 200},
    "history": {"writer_own": 200, "writer_other": 200, "editor": 200},
    "delete": {"writer_own": 403, "writer_other": 403, "editor": "recent sign-in"},
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("view", VIEW_EXPECTATIONS)
def test_admin_pages_of_a_draft_per_actor(as_actor, draft, actor, view):
    args = () if view in ("changelist", "add") else (draft.pk,)
    response = as_actor(actor).get(admin_url(view, *args))
    expected = VIEW_EXPECTATIONS[view].get(actor, "login")
    if expected == "login":
        assert is_login_redirect(response)
    elif expected == "recent sign-in":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("actor", "saved"),
    [
        ("anonymous", False),
        ("reader", False),
        ("writer_own", True),
        ("writer_other", False),
        ("editor", True),
    ],
)
def test_posting_the_change_form_of_a_draft(client, as_actor, editor, draft, actor, saved):
    url = admin_url("change", draft.pk)
    client.force_login(editor)
    data = form_values(client.get(url), title="Confessions, revised")
    client.logout()

    response = as_actor(actor).post(url, data)

    draft.refresh_from_db()
    assert (draft.title == "Confessions, revised") is saved
    if saved:
        assert response.status_code == 302
    elif actor in ("anonymous", "reader"):
        assert is_login_redirect(response)
    else:
        assert response.status_code == 403


def test_a_writer_changes_their_own_live_listicle_only_into_a_draft_for_review(client, editor, writer, draft):
    Listicle.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED, publish_at=timezone.now())
    url = admin_url("change", draft.pk)
    client.force_login(writer)

    assert client.post(url, form_values(client.get(url), title="Confessions, revised")).status_code == 302

    draft.refresh_from_db()
    assert draft.title == "Confessions"  # readers keep the live version
    assert draft.live_draft.in_review
    assert draft.live_draft.revision.snapshot["title"] == "Confessions, revised"


@pytest.mark.parametrize("status", [Status.REVIEW, Status.ARCHIVED])
def test_a_writer_cannot_change_their_own_listicle_once_it_left_draft(client, editor, writer, draft, status):
    Listicle.objects.filter(pk=draft.pk).update(status=status, publish_at=timezone.now())
    url = admin_url("change", draft.pk)
    client.force_login(editor)
    data = form_values(client.get(url), title="Sneaky edit")
    client.force_login(writer)

    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.post(url, data).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Confessions"


def test_others_drafts_are_shown_read_only_to_a_writer(client, other_writer, draft):
    client.force_login(other_writer)
    page = client.get(admin_url("change", draft.pk))
    assert not page.context["has_change_permission"]
    assert b'name="_save"' not in page.content
    assert all(
        not (inline.has_add_permission or inline.has_change_permission or inline.has_delete_permission)
        for inline in page.context["inline_admin_formsets"]
    )


def test_publish_at_is_read_only_for_writers_and_ignored_when_posted(client, editor, writer, draft):
    url = admin_url("change", draft.pk)
    client.force_login(editor)
    data = form_values(client.get(url))
    data.update(
        {"publish_at_0": ["2030-01-01"], "publish_at_1": ["09:00:00"], "publish_at": ["2030-01-01 09:00"]}
    )
    client.force_login(writer)

    assert "publish_at" not in client.get(url).context["adminform"].form.fields
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.publish_at is None
    assert draft.status == Status.DRAFT


def test_a_writer_adding_a_listicle_is_stamped_as_its_creator_and_author(client, writer):
    client.force_login(writer)
    page = client.get(admin_url("add"))
    assert page.context["adminform"].form.initial.get("author") == writer.author.pk

    data = form_values(client.get(admin_url("add")), title="New list", slug="new-list")
    response = client.post(admin_url("add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    listicle = Listicle.objects.get(slug="new-list")
    assert listicle.created_by == writer
    assert listicle.author == writer.author
    assert listicle.status == Status.DRAFT
    assert client.get(admin_url("change", listicle.pk)).context["has_change_permission"]


def test_nobody_but_editors_can_delete_even_by_posting(client, writer, draft):
    client.force_login(writer)
    assert client.post(admin_url("delete", draft.pk), {"post": "yes"}).status_code == 403
    assert Listicle.objects.filter(pk=draft.pk).exists()


# Every workflow button, posted directly by every actor.

ACTIONS = {
    # action: (starting status, hours until its publication time, extra data)
    "submit": (Status.DRAFT, None, {}),
    "send-back": (Status.REVIEW, None, {"note": "Please add the clip."}),
    "publish": (Status.DRAFT, None, {}),
    "schedule": (Status.REVIEW, None, {"publish_at": "2099-01-01T09:00"}),
    "publish-early": (Status.PUBLISHED, 5, {}),
    "reschedule": (Status.PUBLISHED, 5, {"publish_at": "2099-01-01T09:00"}),
    "unpublish": (Status.PUBLISHED, -1, {}),
    "archive": (Status.PUBLISHED, -1, {}),
    "restore": (Status.ARCHIVED, None, {}),
}
ALLOWED_ACTORS = {"submit": {"writer_own", "editor"}}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_workflow_action_per_actor_posted_directly(as_actor, draft, actor, action):
    start, hours, data = ACTIONS[action]
    publish_at = None if hours is None else timezone.now() + timedelta(hours=hours)
    Listicle.objects.filter(pk=draft.pk).update(status=start, publish_at=publish_at)
    client = as_actor(actor)

    response = client.post(admin_url("transition", draft.pk, action), data)

    draft.refresh_from_db()
    allowed = actor in ALLOWED_ACTORS.get(action, {"editor"})
    assert ((draft.status, draft.publish_at) != (start, publish_at)) is allowed
    assert Transition.objects.filter(listicle=draft).exists() is allowed
    if actor in ("anonymous", "reader"):
        assert is_login_redirect(response)
    else:
        assert response.status_code == 302
        assert response["Location"] == admin_url("change", draft.pk)
        level = "success" if allowed else "error"
        assert [m.level_tag for m in response.wsgi_request._messages] == [level]


@pytest.mark.parametrize("action", ACTIONS)
def test_workflow_urls_refuse_get_changes(client, editor, draft, action):
    """GET only asks for confirmation; nothing moves without a POST."""
    start, hours, _ = ACTIONS[action]
    publish_at = None if hours is None else timezone.now() + timedelta(hours=hours)
    Listicle.objects.filter(pk=draft.pk).update(status=start, publish_at=publish_at)
    client.force_login(editor)
    response = client.get(admin_url("transition", draft.pk, action))
    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (start, publish_at)
    assert not Transition.objects.exists()


@pytest.mark.parametrize("actor", ["writer_own", "writer_other"])
def test_writers_do_not_see_editor_buttons_or_bulk_actions(as_actor, draft, actor):
    client = as_actor(actor)
    page = client.get(admin_url("change", draft.pk))
    slugs = {button["action"].slug for button in page.context["workflow"]["buttons"]}
    assert slugs == ({"submit"} if actor == "writer_own" else set())
    actions = {
        name
        for name, _ in client.get(admin_url("changelist")).context["action_form"].fields["action"].choices
    }
    assert "submit_selected" in actions
    assert not actions & {"publish_selected", "unpublish_selected", "archive_selected", "delete_selected"}


def test_editors_see_every_bulk_action(client, editor):
    client.force_login(editor)
    choices = client.get(admin_url("changelist")).context["action_form"].fields["action"].choices
    assert {"submit_selected", "publish_selected", "unpublish_selected", "archive_selected"} <= {
        name for name, _ in choices
    }


def test_a_writer_cannot_bulk_publish_by_posting_the_action(client, writer, draft):
    client.force_login(writer)
    response = client.post(
        admin_url("changelist"), {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0}
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_unknown_workflow_action_is_404(client, editor, draft):
    client.force_login(editor)
    assert client.post(admin_url("change", draft.pk) + "workflow/launch/").status_code == 404


def test_workflow_action_on_a_missing_listicle_redirects_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(admin_url("transition", 999999, "publish"))
    assert response.status_code == 302
    assert "doesn’t exist" in str(list(response.wsgi_request._messages)[0])


# Bylines


def test_a_writer_cannot_put_another_authors_byline_on_their_draft(client, writer, draft):
    someone = factories.AuthorFactory(name="Star reporter")
    client.force_login(writer)
    url = admin_url("change", draft.pk)

    response = client.post(url, form_values(client.get(url), author=str(someone.pk), dek="Typed dek"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["author"] == [
        "Only editors can put another author's byline on an article. Choose your own, Writer."
    ]
    assert form.errors.as_data()["author"][0].code == "not_your_byline"
    assert form["dek"].value() == "Typed dek"  # what was typed comes back
    draft.refresh_from_db()
    assert draft.author == writer.author
    assert draft.dek == ""


def test_a_writer_adding_a_listicle_cannot_sign_it_with_another_byline(client, writer):
    someone = factories.AuthorFactory(name="Star reporter")
    client.force_login(writer)
    data = form_values(
        client.get(admin_url("add")), title="New list", slug="new-list", author=str(someone.pk)
    )

    response = client.post(admin_url("add"), data)

    assert response.status_code == 200
    assert "Only editors can put another author" in response.content.decode()
    assert not Listicle.objects.filter(slug="new-list").exists()


def test_a_writer_may_keep_the_byline_an_editor_gave_their_draft(client, writer):
    guest = factories.AuthorFactory(name="Guest")
    draft = factories.ListicleFactory(created_by=writer, author=guest)
    client.force_login(writer)
    url = admin_url("change", draft.pk)

    response = client.post(url, form_values(client.get(url), dek="Edited"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.author, draft.dek) == (guest, "Edited")


def test_an_editor_may_set_any_byline(client, editor, draft):
    someone = factories.AuthorFactory(name="Star reporter")
    client.force_login(editor)
    url = admin_url("change", draft.pk)

    response = client.post(url, form_values(client.get(url), author=str(someone.pk)))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.author == someone

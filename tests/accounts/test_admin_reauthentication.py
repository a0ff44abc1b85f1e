"""The admin's destructive actions ask for a recent sign-in (accounts/reauthentication.py): deleting an
article or an account, and changing who may do what. The page asked for comes back after it, a
posted form included, and within the next five minutes nothing is asked again."""

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle
from tests import factories
from tests.admin_forms import form_values
from tests.conftest import newsroom_group

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
REAUTHENTICATE = "/accounts/reauthenticate/"


def asks_to_reauthenticate(response, back_to):
    return response.status_code == 302 and response["Location"] == f"{REAUTHENTICATE}?next={quote(back_to)}"


def quote(path):
    from urllib.parse import quote as url_quote

    return url_quote(path, safe="")


@pytest.fixture
def draft(editor):
    return factories.ListicleFactory(title="To be dropped")


@pytest.fixture
def chief(client):
    user = factories.UserFactory(username="chief", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_deleting_an_article_asks_for_a_recent_sign_in_first(client, editor, draft):
    client.force_login(editor)
    delete = reverse("admin:articles_listicle_delete", args=[draft.pk])
    assert asks_to_reauthenticate(client.get(delete), delete)

    response = client.post(f"{REAUTHENTICATE}?next={quote(delete)}", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == delete
    assert "To be dropped" in client.get(delete).content.decode()
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Listicle.objects.filter(pk=draft.pk).exists()


def test_a_deletion_posted_without_a_recent_sign_in_goes_through_once_it_is_confirmed(client, editor, draft):
    client.force_login(editor)
    delete = reverse("admin:articles_listicle_delete", args=[draft.pk])
    assert asks_to_reauthenticate(client.post(delete, {"post": "yes"}), delete)
    assert Listicle.objects.filter(pk=draft.pk).exists()

    response = client.post(f"{REAUTHENTICATE}?next={quote(delete)}", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_listicle_changelist")
    assert not Listicle.objects.filter(pk=draft.pk).exists()


def test_a_recent_sign_in_lasts_five_minutes(client, editor, draft):
    client.force_login(editor)
    delete = reverse("admin:articles_listicle_delete", args=[draft.pk])
    client.post(f"{REAUTHENTICATE}?next={quote(delete)}", {"password": PASSWORD})
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=4)):
        assert client.get(delete).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=6)):
        assert asks_to_reauthenticate(client.get(delete), delete)


def test_a_wrong_password_deletes_nothing(client, editor, draft):
    client.force_login(editor)
    delete = reverse("admin:articles_listicle_delete", args=[draft.pk])
    response = client.post(f"{REAUTHENTICATE}?next={quote(delete)}", {"password": "wrong"})
    assert response.status_code == 200
    assert asks_to_reauthenticate(client.post(delete, {"post": "yes"}), delete)
    assert Listicle.objects.filter(pk=draft.pk).exists()


def test_deleting_a_selection_asks_first_and_then_shows_its_confirmation(client, editor, draft):
    client.force_login(editor)
    changelist = reverse("admin:articles_listicle_changelist")
    selection = {"action": "delete_selected", "_selected_action": [draft.pk], "index": 0}
    assert asks_to_reauthenticate(client.post(changelist, selection), changelist)

    # The selection posted before is posted again once the password is confirmed.
    response = client.post(f"{REAUTHENTICATE}?next={quote(changelist)}", {"password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 200 and "Delete multiple objects" in page and "To be dropped" in page
    assert Listicle.objects.filter(pk=draft.pk).exists()
    client.post(changelist, {**selection, "post": "yes"})
    assert not Listicle.objects.filter(pk=draft.pk).exists()


def test_a_writer_without_the_right_to_delete_gets_the_admins_refusal_not_a_password_prompt(client, writer):
    own = factories.ListicleFactory(created_by=writer, author=writer.author)
    client.force_login(writer)
    response = client.get(reverse("admin:articles_listicle_delete", args=[own.pk]))
    assert response.status_code in (302, 403) and REAUTHENTICATE not in response.get("Location", "")


def test_changing_an_accounts_groups_asks_first_then_saves_what_was_posted(client, chief, writer):
    change = reverse("admin:auth_user_change", args=[writer.pk])
    editors = newsroom_group("Editors")
    data = form_values(client.get(change), "user_form", groups=[str(editors.pk)])
    assert asks_to_reauthenticate(client.post(change, data), change)
    assert list(writer.groups.values_list("name", flat=True)) == ["Writers"]

    response = client.post(f"{REAUTHENTICATE}?next={quote(change)}", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("admin:auth_user_changelist")
    assert list(writer.groups.values_list("name", flat=True)) == ["Editors"]


@pytest.mark.parametrize(
    "rights",
    [{"is_superuser": "on"}, {"user_permissions": ["1"]}, {"is_staff": None}],
    ids=["superuser", "permissions", "staff status"],
)
def test_changing_what_an_account_may_do_asks_first(client, chief, writer, rights):
    change = reverse("admin:auth_user_change", args=[writer.pk])
    data = form_values(client.get(change), "user_form")
    for name, value in rights.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    assert asks_to_reauthenticate(client.post(change, data), change)
    writer.refresh_from_db()
    assert writer.is_staff and not writer.is_superuser and not writer.user_permissions.exists()


def test_other_changes_to_an_account_need_no_new_sign_in(client, chief, writer):
    change = reverse("admin:auth_user_change", args=[writer.pk])
    data = form_values(client.get(change), "user_form", first_name="Bina")
    assert client.post(change, data)["Location"] == reverse("admin:auth_user_changelist")
    writer.refresh_from_db()
    assert writer.first_name == "Bina"


def test_deleting_an_account_or_a_group_asks_first(client, chief, writer):
    for delete in (
        reverse("admin:auth_user_delete", args=[writer.pk]),
        reverse("admin:auth_group_delete", args=[Group.objects.get(name="Writers").pk]),
    ):
        assert asks_to_reauthenticate(client.post(delete, {"post": "yes"}), delete)
    assert Group.objects.filter(name="Writers").exists() and writer.groups.exists()


def test_changing_a_groups_permissions_asks_first(client, chief):
    writers = Group.objects.get(name="Writers")
    change = reverse("admin:auth_group_change", args=[writers.pk])
    data = form_values(client.get(change), "group_form", permissions=[])
    assert asks_to_reauthenticate(client.post(change, data), change)
    assert writers.permissions.exists()

"""Previews: staff see any listicle in the real article page; a signed link shows it without a login."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Listicle, Status
from newsroom import preview
from newsroom.models import PreviewLink
from tests import factories

pytestmark = pytest.mark.django_db

NOINDEX_META = '<meta name="robots" content="noindex">'


@pytest.fixture
def draft(db):
    listicle = factories.ListicleFactory(title="Secret confessions", intro="Not out yet.")
    factories.full_entry(listicle, position=0)
    return listicle


def admin_url(name, listicle):
    return reverse(f"admin:articles_listicle_{name}", args=[listicle.pk])


def link_to(listicle):
    return reverse("articles:preview", kwargs={"token": preview.make_token(listicle)})


def assert_private_preview(response):
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= {
        directive.strip() for directive in response["Cache-Control"].split(",")
    }
    page = response.content.decode()
    assert NOINDEX_META in page
    assert "preview-banner" in page


# From the admin


def test_an_editor_previews_a_draft_in_the_public_article_template(client, editor, draft):
    client.force_login(editor)

    response = client.get(admin_url("preview", draft))

    assert_private_preview(response)
    assert "articles/listicle_detail.html" in [template.name for template in response.templates]
    assert "Secret confessions" in response.content.decode()
    assert "Readers cannot see this page yet." in response.content.decode()


@pytest.mark.parametrize("status", [Status.REVIEW, Status.PUBLISHED, Status.ARCHIVED])
def test_staff_preview_works_in_every_status(client, editor, draft, status):
    Listicle.objects.filter(pk=draft.pk).update(status=status, publish_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)

    assert_private_preview(client.get(admin_url("preview", draft)))


def test_a_writer_previews_someone_elses_draft_they_may_read(client, writer, draft):
    client.force_login(writer)

    assert_private_preview(client.get(admin_url("preview", draft)))


def test_the_preview_of_a_draft_sends_anonymous_visitors_to_the_login(client, draft):
    response = client.get(admin_url("preview", draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_preview_of_a_draft_is_refused_to_a_reader_account(client, reader, draft):
    client.force_login(reader)

    response = client.get(admin_url("preview", draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_public_address_of_a_draft_still_answers_404(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_preview_of_a_missing_listicle_answers_404(client, editor):
    client.force_login(editor)

    assert client.get(reverse("admin:articles_listicle_preview", args=[999999])).status_code == 404


def test_the_preview_costs_the_same_queries_for_many_entries(
    client, editor, draft, django_assert_max_num_queries
):
    client.force_login(editor)
    with django_assert_max_num_queries(20) as few:
        client.get(admin_url("preview", draft))
    for position in range(1, 8):
        factories.full_entry(draft, position=position)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(admin_url("preview", draft))

    assert response.content.decode().count('class="entry') >= 8


# Signed links


def test_a_signed_link_shows_the_draft_without_a_login(draft):
    response = Client().get(link_to(draft))

    assert_private_preview(response)
    assert response["Cache-Control"] == "private, no-store"
    assert "Secret confessions" in response.content.decode()


def test_a_signed_link_shows_the_article_as_it_is_when_opened(client, draft):
    url = link_to(draft)
    Listicle.objects.filter(pk=draft.pk).update(title="Renamed after sharing")

    assert "Renamed after sharing" in client.get(url).content.decode()


def test_a_signed_link_stops_working_after_the_preview_max_age(client, draft, settings):
    settings.PREVIEW_MAX_AGE = 3 * 24 * 3600
    url = link_to(draft)

    with time_machine.travel(timezone.now() + timedelta(days=2, hours=23)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert client.get(url).status_code == 404


def test_a_signed_link_lasts_seven_days_by_default(client, draft):
    url = link_to(draft)

    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: signing.dumps(int(signing.loads(token, salt=preview.SALT)) + 1, salt="another.salt"),
        lambda token: signing.dumps("1; DROP TABLE", salt=preview.SALT),
        lambda token: "not-a-token",
    ],
    ids=["tampered signature", "another salt", "not an id", "garbage"],
)
def test_a_forged_or_tampered_link_answers_404(client, draft, forge):
    token = forge(preview.make_token(draft))

    assert client.get(reverse("articles:preview", kwargs={"token": token})).status_code == 404


def test_a_link_to_a_deleted_listicle_answers_404(client, draft):
    url = link_to(draft)
    draft.delete()

    assert client.get(url).status_code == 404


def test_a_link_to_an_archived_listicle_answers_404(client, draft):
    url = link_to(draft)
    Listicle.objects.filter(pk=draft.pk).update(status=Status.ARCHIVED)

    assert client.get(url).status_code == 404


def test_a_signed_link_answers_only_get(client, draft):
    assert client.post(link_to(draft)).status_code == 405


def test_a_signed_link_costs_the_same_queries_for_many_entries(client, draft, django_assert_max_num_queries):
    url = link_to(draft)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for position in range(1, 8):
        factories.full_entry(draft, position=position)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# Sharing a link from the admin


def test_an_editor_creates_a_link_that_opens_the_preview(client, editor, draft):
    client.force_login(editor)

    response = client.post(admin_url("share_preview", draft))

    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("http://testserver/preview/")
    assert link in response.content.decode()
    assert response.context["expires"] > timezone.now() + timedelta(days=6)
    assert_private_preview(Client().get(link.removeprefix("http://testserver")))


def test_the_share_page_explains_before_it_makes_a_link(client, editor, draft, settings):
    settings.TIME_ZONE = "UTC"  # the times typed and expected below are UTC
    client.force_login(editor)

    response = client.get(admin_url("share_preview", draft))

    assert response.status_code == 200
    assert response.context["link"] is None
    page = response.content.decode()
    assert "Create preview link" in page
    expires = response.context["expires"]
    until = expires.isoformat(timespec="seconds")  # HTML allows at most milliseconds
    assert f'works until <strong><time datetime="{until}"' in page
    assert f"{date_format(expires, 'j M Y, H:i T')}</time>" in page
    assert f"({date_format(expires, 'H:i')} UTC, " in page
    assert "a.m.." not in page and "p.m.." not in page


def test_a_writer_who_may_not_change_the_listicle_cannot_share_it(client, writer, draft):
    client.force_login(writer)

    assert client.post(admin_url("share_preview", draft)).status_code == 403


def test_a_writer_shares_their_own_draft(client, writer, draft):
    Listicle.objects.filter(pk=draft.pk).update(author=writer.author)
    client.force_login(writer)

    assert client.post(admin_url("share_preview", draft)).context["link"]


def test_an_archived_listicle_cannot_be_shared(client, editor, draft):
    Listicle.objects.filter(pk=draft.pk).update(status=Status.ARCHIVED)
    client.force_login(editor)

    response = client.post(admin_url("share_preview", draft))

    assert response.status_code == 409
    assert response.context["link"] is None
    assert "Archived articles cannot be shared" in response.content.decode()


def test_sharing_needs_the_csrf_token(editor, draft):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)

    assert browser.post(admin_url("share_preview", draft)).status_code == 403


def test_sharing_sends_anonymous_visitors_to_the_login(client, draft):
    response = client.post(admin_url("share_preview", draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# Listing and revoking links


def revoke_url(listicle, link):
    return reverse("admin:articles_listicle_revoke_preview_link", args=[listicle.pk, link.pk])


def test_the_share_page_lists_the_links_that_still_work_with_their_expiry(client, editor, draft, settings):
    settings.TIME_ZONE = "UTC"  # the times typed and expected below are UTC
    settings.PREVIEW_MAX_AGE = 3600
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        link_to(draft)  # expired an hour ago
    link_to(draft)
    working = PreviewLink.objects.latest("id")
    link_to(factories.ListicleFactory())  # another article's
    client.force_login(editor)

    response = client.get(admin_url("share_preview", draft))

    assert [shared for shared, _ in response.context["live_links"]] == [working]
    page = response.content.decode()
    assert date_format(working.expires_at, "j M Y, H:i T") in page
    assert revoke_url(draft, working) in page
    change_page = client.get(admin_url("change", draft)).content.decode()
    assert "Share preview (1 link working)" in change_page


def test_a_revoked_link_answers_404(client, editor, draft):
    url = link_to(draft)
    link = PreviewLink.objects.get()
    client.force_login(editor)

    response = client.post(revoke_url(draft, link))

    assert response.status_code == 303
    assert response["Location"] == admin_url("share_preview", draft)
    assert Client().get(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_by == editor
    assert client.get(admin_url("share_preview", draft)).context["live_links"] == []
    assert (
        LogEntry.objects.get(object_id=str(draft.pk))
        .get_change_message()
        .startswith("Revoked a preview link made")
    )


def test_revoking_asks_first_and_the_question_changes_nothing(client, editor, draft):
    url = link_to(draft)
    link = PreviewLink.objects.get()
    client.force_login(editor)

    question = client.get(revoke_url(draft, link))

    page = question.content.decode()
    assert question.status_code == 200
    assert "Revoke the preview link made" in page
    assert 'value="Yes, revoke it"' in page and "No, keep it" in page
    assert Client().get(url).status_code == 200  # still works until the answer is yes
    link.refresh_from_db()
    assert link.revoked_by is None


def test_a_link_revoked_already_cannot_be_revoked_again(client, editor, draft):
    link_to(draft)
    link = PreviewLink.objects.get()
    client.force_login(editor)
    client.post(revoke_url(draft, link))

    again = client.post(revoke_url(draft, link))

    assert again.status_code == 404
    assert LogEntry.objects.filter(object_id=str(draft.pk)).count() == 1


def test_a_revoked_link_stays_dead_when_the_listicle_goes_back_to_draft(client, editor, draft):
    url = link_to(draft)
    other_url = link_to(draft)
    Listicle.objects.filter(pk=draft.pk).update(status=Status.ARCHIVED)
    client.force_login(editor)
    client.post(revoke_url(draft, PreviewLink.objects.order_by("id").first()))

    Listicle.objects.filter(pk=draft.pk).update(status=Status.DRAFT)

    assert Client().get(url).status_code == 404
    assert Client().get(other_url).status_code == 200  # only the revoked one is dead


def test_revoking_one_link_leaves_the_others_working(client, editor, draft):
    first, second = link_to(draft), link_to(draft)
    client.force_login(editor)

    client.post(revoke_url(draft, PreviewLink.objects.order_by("id").last()))

    assert Client().get(first).status_code == 200
    assert Client().get(second).status_code == 404


def test_a_writer_who_may_not_change_the_listicle_cannot_revoke_its_links(client, writer, draft):
    url = link_to(draft)
    client.force_login(writer)

    response = client.post(revoke_url(draft, PreviewLink.objects.get()))

    assert response.status_code == 403
    assert Client().get(url).status_code == 200


def test_revoking_needs_a_post_with_the_csrf_token(editor, draft):
    url = link_to(draft)
    link = PreviewLink.objects.get()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)

    assert browser.get(revoke_url(draft, link)).status_code == 200  # the question only
    assert browser.post(revoke_url(draft, link)).status_code == 403
    assert Client().get(url).status_code == 200


def test_a_link_cannot_be_revoked_through_another_article(client, editor, draft):
    url = link_to(draft)
    other = factories.ListicleFactory()
    client.force_login(editor)

    assert client.post(revoke_url(other, PreviewLink.objects.get())).status_code == 404
    assert Client().get(url).status_code == 200


def test_the_admin_records_who_made_a_link(client, editor, draft):
    client.force_login(editor)

    client.post(admin_url("share_preview", draft))

    assert PreviewLink.objects.get(listicle=draft).created_by == editor

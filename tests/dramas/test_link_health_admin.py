"""What editors see of the link checks in the knowledge-base admin, and that readers see none of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dramas.models import WatchLink
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def checked(link, status, failures, *, last_good=None, final_url=""):
    """`link` as a check leaves it."""
    WatchLink.objects.filter(pk=link.pk).update(
        checked_url=link.url,
        last_status=status,
        final_url=final_url or link.url,
        last_checked=timezone.now() - timedelta(hours=1),
        last_good=last_good,
        failures=failures,
    )
    link.refresh_from_db()
    return link


def drama_with_links(title, *statuses):
    """A drama whose links' checks found `statuses` ((status, failures), or None for unchecked)."""
    drama = factories.DramaFactory(title=title)
    for position, found in enumerate(statuses):
        link = factories.WatchLinkFactory(drama=drama, position=position)
        if found is not None:
            checked(link, *found)
    return drama


def result_titles(response):
    return [drama.title for drama in response.context["cl"].result_list]


def test_drama_list_shows_the_worst_link_status_of_each_drama(editor_client):
    drama_with_links("Goblin", ("404", 2), ("200", 0))
    drama_with_links("Coffee Prince", ("timeout", 1))
    drama_with_links("Signal", None)
    drama_with_links("Healer", ("200", 0))
    factories.DramaFactory(title="Linkless")

    response = editor_client.get(reverse("admin:dramas_drama_changelist"))
    html = response.content.decode()

    assert '<th scope="col" class="sortable column-link_status">' in html
    rows = {title: html[html.index(f">{title}</a>") :].split("</tr>")[0] for title in result_titles(response)}
    assert "1 broken" in rows["Goblin"] and "link-status--broken" in rows["Goblin"]
    assert "1 failing" in rows["Coffee Prince"]
    assert "1 not checked yet" in rows["Signal"]
    assert "All working" in rows["Healer"]
    assert "No links" in rows["Linkless"]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("broken", ["Goblin"]),
        ("failing", ["Coffee Prince"]),
        ("unchecked", ["Signal"]),
        ("good", ["Healer"]),
        ("none", ["Linkless"]),
    ],
)
def test_drama_list_filters_by_link_status(editor_client, choice, expected):
    drama_with_links("Goblin", ("404", 2), ("200", 0))
    drama_with_links("Coffee Prince", ("timeout", 1), ("200", 0))
    drama_with_links("Signal", None, ("200", 0))
    drama_with_links("Healer", ("200", 0))
    factories.DramaFactory(title="Linkless")

    response = editor_client.get(reverse("admin:dramas_drama_changelist"), {"link_status": choice})

    assert result_titles(response) == expected
    assert "By link status" in response.content.decode()


def test_an_edited_address_is_not_checked_yet_rather_than_broken(editor_client):
    drama = drama_with_links("Goblin", ("404", 3))
    WatchLink.objects.filter(drama=drama).update(url="https://www.viki.com/tv/goblin-new")

    response = editor_client.get(reverse("admin:dramas_drama_changelist"), {"link_status": "broken"})

    assert result_titles(response) == []


def test_drama_page_has_a_read_only_link_health_panel(editor_client):
    drama = factories.DramaFactory(title="Goblin")
    good = checked(
        factories.WatchLinkFactory(drama=drama, provider="Viki", url="https://www.viki.com/tv/goblin"),
        "200",
        0,
        last_good=timezone.now() - timedelta(hours=1),
        final_url="https://www.viki.com/tv/36c-goblin",
    )
    dead = checked(
        factories.WatchLinkFactory(
            drama=drama, provider="Netflix", url="https://www.netflix.com/goblin", position=1
        ),
        "404",
        3,
        last_good=timezone.now() - timedelta(days=2),
    )

    response = editor_client.get(reverse("admin:dramas_drama_change", args=[drama.pk]))
    html = response.content.decode()

    panel = html[html.index('<table class="link-health">') :].split("</table>")[0]
    assert "Works (HTTP 200)" in panel and "ends at https://www.viki.com/tv/36c-goblin" in panel
    netflix = panel[panel.index("Netflix") :].split("</tr>")[0]
    assert "Broken: HTTP 404" in netflix and "2\xa0days ago" in netflix and "<td>3</td>" in netflix
    assert "A link is broken after 2 failed checks in a row; readers still see it" in html
    assert "dramas/admin/link_health.css" in html
    # The inline still edits the address as typed, with the status beside it and not editable.
    assert f'value="{dead.url}"' in html and f'value="{good.url}"' in html
    inline = html[html.index('id="watch_links-group"') :]
    assert "Broken: HTTP 404" in inline and "last_status" not in inline


def test_the_health_fields_cannot_be_posted(editor_client):
    drama = drama_with_links("Goblin", ("404", 3))
    link = drama.watch_links.get()

    editor_client.post(
        reverse("admin:dramas_watchlink_change", args=[link.pk]),
        {"drama": drama.pk, "provider": "Viki", "url": link.url, "failures": 0, "last_status": "200"},
    )

    link.refresh_from_db()
    assert (link.failures, link.last_status) == (3, "404")


def test_watch_link_list_shows_and_filters_link_status(editor_client):
    drama_with_links("Goblin", ("500", 2))
    drama_with_links("Healer", ("200", 0))

    response = editor_client.get(reverse("admin:dramas_watchlink_changelist"), {"link_status": "broken"})

    assert [link.drama.title for link in response.context["cl"].result_list] == ["Goblin"]
    assert "Broken: HTTP 500" in response.content.decode()


def test_drama_list_query_count_does_not_grow_with_links(editor_client, django_assert_max_num_queries):
    drama_with_links("Goblin", ("404", 2))
    with django_assert_max_num_queries(20) as few:
        editor_client.get(reverse("admin:dramas_drama_changelist"))
    for n in range(12):
        drama_with_links(f"Drama {n}", ("404", 2), ("timeout", 1), None, ("200", 0))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(reverse("admin:dramas_drama_changelist"))
    assert response.context["cl"].result_count == 13


def test_drama_page_query_count_does_not_grow_with_links(editor_client, django_assert_max_num_queries):
    drama = drama_with_links("Goblin", ("404", 2))
    change = reverse("admin:dramas_drama_change", args=[drama.pk])
    with django_assert_max_num_queries(40) as few:
        editor_client.get(change)
    for position in range(1, 8):
        checked(factories.WatchLinkFactory(drama=drama, position=position), "500", 4)

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = editor_client.get(change).content.decode()
    assert html.count("Broken: HTTP 500") == 2 * 7  # in the inline and in the panel


def test_the_admin_shows_the_address_as_typed_without_utm_parameters(editor_client):
    drama = drama_with_links("Goblin", ("200", 0))

    html = editor_client.get(reverse("admin:dramas_drama_change", args=[drama.pk])).content.decode()

    assert "utm_" not in html


def test_link_statuses_are_for_signed_in_staff_only(client, reader):
    drama = drama_with_links("Goblin", ("404", 5))
    link = drama.watch_links.get()
    pages = [
        reverse("admin:dramas_drama_changelist") + "?link_status=broken",
        reverse("admin:dramas_drama_change", args=[drama.pk]),
        reverse("admin:dramas_watchlink_changelist"),
    ]
    for signed_in in (None, reader):
        if signed_in:
            client.force_login(signed_in)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 302 and "/login/" in response["Location"]
    staff_without_rights = factories.UserFactory(username="intern", is_staff=True)
    client.force_login(staff_without_rights)
    assert client.get(pages[1]).status_code == 403

    # Readers get the link as ever, and nothing of its health.
    client.logout()
    html = client.get(drama.get_absolute_url()).content.decode()
    assert link.url in html
    assert "Broken" not in html and "HTTP 404" not in html and "link-status" not in html

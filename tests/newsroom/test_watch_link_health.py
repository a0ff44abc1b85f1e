"""Broken Watch Now links reach editors (the dashboard, an editorial warning) and never vanish from
readers; the links readers follow carry the newsroom's UTM parameters."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from dramas.models import WatchLink
from dramas.outbound import with_utm
from newsroom.admin.dashboard import broken_watch_links
from newsroom.editorial_checks import editorial_warnings
from newsroom.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db


def broken(link, status="404", failures=3, last_good=None):
    WatchLink.objects.filter(pk=link.pk).update(
        checked_url=link.url,
        last_status=status,
        final_url=link.url,
        last_checked=timezone.now(),
        last_good=last_good,
        failures=failures,
    )
    link.refresh_from_db()
    return link


def article_with_dead_link(title="Confessions", status="404", **listicle):
    article = factories.PublishedListicleFactory(title=title, **listicle)
    drama = factories.DramaFactory(title=f"Goblin of {title}")
    link = broken(
        factories.WatchLinkFactory(
            drama=drama, provider="Netflix", url=f"https://www.netflix.com/{drama.slug}"
        ),
        status,
        last_good=timezone.now() - timedelta(days=3),
    )
    factories.EntryFactory(listicle=article, drama=drama, position=1)
    return article, link


def dashboard_section(html):
    start = html.index('id="broken-watch-links"')
    return html[start : html.index("</div>", start)]


# The dashboard


def test_the_dashboard_lists_a_broken_link_with_its_answer_and_the_articles_showing_it(client, editor):
    article, link = article_with_dead_link()
    draft = factories.ListicleFactory(title="Unfinished draft")
    factories.EntryFactory(listicle=draft, drama=link.drama, position=1)
    working = factories.WatchLinkFactory(drama=factories.DramaFactory(title="Healer"))
    WatchLink.objects.filter(pk=working.pk).update(checked_url=working.url, last_checked=timezone.now())
    client.force_login(editor)

    section = dashboard_section(client.get(reverse("admin:index")).content.decode())

    assert "Broken Watch Now links" in section
    assert f"{reverse('admin:dramas_drama_changelist')}?link_status=broken" in section
    assert (
        f'href="{reverse("admin:dramas_drama_change", args=[link.drama_id])}">Goblin of Confessions</a>'
        in section
    )
    assert f'Netflix: <a class="address" href="{link.url}"' in section
    assert "HTTP 404" in section and "3 failed checks in a row" in section and "3\xa0days ago" in section
    assert f'href="{reverse("admin:articles_listicle_change", args=[article.pk])}">Confessions</a>' in section
    assert "Unfinished draft" not in section  # only live articles are listed as showing it
    assert "Healer" not in section
    assert "Readers still see these links." in section


def test_the_dashboard_says_nothing_of_links_when_none_is_broken(client, editor):
    link = factories.WatchLinkFactory()
    broken(link, failures=1)  # failed once: not yet broken
    client.force_login(editor)

    assert "broken-watch-links" not in client.get(reverse("admin:index")).content.decode()


def test_only_staff_who_may_view_dramas_see_broken_links(client, writer, reader):
    article_with_dead_link()
    client.force_login(writer)  # Writers keep the knowledge base too
    assert "broken-watch-links" in client.get(reverse("admin:index")).content.decode()

    client.force_login(factories.UserFactory(username="intern", is_staff=True))
    assert "broken-watch-links" not in client.get(reverse("admin:index")).content.decode()

    client.force_login(reader)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "broken-watch-links" not in response.content.decode()


def test_the_dashboard_lists_the_longest_broken_first_and_at_most_its_limit(editor):
    now = timezone.now()
    for days in (1, 5, 3):
        broken(
            factories.WatchLinkFactory(drama=factories.DramaFactory(title=f"{days} days")),
            last_good=now - timedelta(days=days),
        )
    broken(factories.WatchLinkFactory(drama=factories.DramaFactory(title="Never worked")))

    found = broken_watch_links(limit=3)

    assert [link.drama.title for link in found["links"]] == ["Never worked", "5 days", "3 days"]
    assert found["more"] is True


def test_the_broken_links_on_the_dashboard_cost_two_queries_however_many(django_assert_num_queries):
    for n in range(2):
        article_with_dead_link(title=f"Article {n}")
    with django_assert_num_queries(2):
        broken_watch_links()
    for n in range(2, 12):
        article_with_dead_link(title=f"Article {n}")
    with django_assert_num_queries(2):
        assert len(broken_watch_links()["links"]) == 12


def test_admin_home_query_count_does_not_grow_with_broken_links(client, editor):
    article_with_dead_link(title="First")
    client.force_login(editor)
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("admin:index"))
    for n in range(8):
        article_with_dead_link(title=f"More {n}")

    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("admin:index")).content.decode()

    assert dashboard_section(html).count("HTTP 404") == 9
    assert len(many.captured_queries) <= len(few.captured_queries)


# The editorial warning


def test_an_article_showing_a_broken_link_gets_a_warning_naming_entry_and_link():
    article, link = article_with_dead_link(status="timeout")

    assert [w for w in editorial_warnings(article) if "Watch Now" in w] == [
        "Entry 1 (Goblin of Confessions): the Watch Now link on Netflix is broken (No answer in time "
        "(timeout), 3 failed checks in a row); readers still see it. Change or remove it on the page of "
        "“Goblin of Confessions”."
    ]


def test_the_warning_shows_on_the_change_page_and_publishing_still_works(client, editor):
    article, _link = article_with_dead_link(status="500")
    draft = factories.ListicleFactory(title="Draft with the same drama", author=article.author, hero_image="")
    factories.EntryFactory(listicle=draft, drama=_link.drama, position=1)
    client.force_login(editor)

    html = client.get(reverse("admin:articles_listicle_change", args=[draft.pk])).content.decode()

    warnings = html[html.index('class="workflow-warnings"') :].split("</div>")[0]
    assert "the Watch Now link on Netflix is broken (HTTP 500" in warnings
    assert "These do not stop publishing." in warnings
    transition(draft, to=Status.PUBLISHED, by=editor)
    assert draft.status == Status.PUBLISHED


def test_no_warning_for_a_link_that_failed_once_or_works():
    article, link = article_with_dead_link()
    broken(link, failures=1)
    assert not [w for w in editorial_warnings(article) if "Watch Now" in w]
    broken(link, status="200", failures=0)
    assert not [w for w in editorial_warnings(article) if "Watch Now" in w]


def test_the_link_warnings_cost_two_queries_however_many_entries(django_assert_num_queries):
    article, _link = article_with_dead_link()
    for position in range(2, 10):
        drama = factories.DramaFactory()
        broken(factories.WatchLinkFactory(drama=drama))
        factories.EntryFactory(listicle=article, drama=drama, position=position)
    article.hero_image = "hero.jpg"

    with django_assert_num_queries(3):  # tags, then entries and links
        warnings = editorial_warnings(article)
    assert len([w for w in warnings if "Watch Now" in w]) == 9


# Readers


def test_readers_still_get_a_broken_link_and_nothing_of_its_health(client):
    article, link = article_with_dead_link()

    html = client.get(article.get_absolute_url()).content.decode()

    assert (
        f'href="{link.url}?utm_source=soompi&amp;utm_medium=referral&amp;utm_campaign={article.slug}"' in html
    )
    assert "HTTP 404" not in html and "broken" not in html.lower()


def test_every_reader_gets_the_same_utm_parameters(client, reader):
    article, link = article_with_dead_link()
    first = client.get(article.get_absolute_url())
    client.force_login(reader)
    second = client.get(
        article.get_absolute_url(), {"utm_source": "newsletter"}, HTTP_REFERER="https://x.example/"
    )

    assert first["Cache-Control"].startswith("public")
    campaign = f"utm_campaign={article.slug}"
    assert campaign in first.content.decode() and campaign in second.content.decode()
    assert "utm_source=newsletter" not in second.content.decode()


def test_utm_parameters_follow_the_settings(client, settings):
    settings.WATCH_UTM_SOURCE = "soompi-news"
    settings.WATCH_UTM_MEDIUM = "partner link"
    article, link = article_with_dead_link()

    html = client.get(article.get_absolute_url()).content.decode()

    assert (
        f"{link.url}?utm_source=soompi-news&amp;utm_medium=partner+link&amp;utm_campaign={article.slug}"
        in html
    )


def test_article_page_queries_do_not_grow_with_watch_links(client, django_assert_max_num_queries):
    article, _link = article_with_dead_link()
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(article.get_absolute_url())
    for position in range(2, 8):
        drama = factories.DramaFactory()
        for n in range(3):
            broken(factories.WatchLinkFactory(drama=drama, position=n))
        factories.EntryFactory(listicle=article, drama=drama, position=position)

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("utm_campaign=") == 1 + 6 * 3


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.viki.com/tv/36c",
            "https://www.viki.com/tv/36c?utm_source=soompi&utm_medium=referral&utm_campaign=my-article",
        ),
        (
            "https://www.viki.com/tv/36c?locale=ko&ep=1",
            "https://www.viki.com/tv/36c?locale=ko&ep=1&utm_source=soompi&utm_medium=referral&utm_campaign=my-article",
        ),
        (
            "https://www.netflix.com/title/80?a=%20b#episodes",
            "https://www.netflix.com/title/80?a=%20b&utm_source=soompi&utm_medium=referral&utm_campaign=my-article#episodes",
        ),
        (
            "https://www.viki.com/?utm_source=partner-deal&x=1",
            "https://www.viki.com/?utm_source=partner-deal&x=1&utm_medium=referral&utm_campaign=my-article",
        ),
        ("mailto:tips@example.com", "mailto:tips@example.com"),
    ],
)
def test_utm_parameters_keep_the_address_query_and_fragment(url, expected):
    assert with_utm(url, "my-article") == expected


def test_the_campaign_is_encoded():
    assert with_utm("https://a.example/", "k&drama=1").endswith("utm_campaign=k%26drama%3D1")

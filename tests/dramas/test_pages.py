"""Drama and actor pages: the knowledge base, and only the published entries about it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Numbering, Status
from tests.factories import (
    ActorFactory,
    DramaFactory,
    EntryFactory,
    ListicleFactory,
    PublishedListicleFactory,
    RoleFactory,
    WatchLinkFactory,
    full_entry,
)

pytestmark = pytest.mark.django_db

# Drama page: drama, genres, cast with actors, watch links, entries, related cards and their tags.
# Actor page: actor, roles, entries, related cards and their tags.
DRAMA_QUERIES = 7
ACTOR_QUERIES = 5


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 3), "#2b1640").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def hours(n):
    return timezone.now() + timezone.timedelta(hours=n)


def unpublished_listicles():
    return [
        ListicleFactory(status=Status.DRAFT, title="Draft one"),
        ListicleFactory(status=Status.REVIEW, title="Review one", publish_at=hours(-2)),
        ListicleFactory(status=Status.ARCHIVED, title="Archived one", publish_at=hours(-2)),
        PublishedListicleFactory(title="Scheduled one", publish_at=hours(2)),
    ]


def entry_links(response):
    return [
        (entry.listicle.title, entry.number, entry.listicle.get_absolute_url() + f"#entry-{entry.number}")
        for entry in response.context["entries"]
    ]


@pytest.fixture
def goblin():
    drama = DramaFactory(
        title="Goblin",
        slug="goblin",
        native_title="도깨비",
        year=2016,
        network="tvN",
        episodes=16,
        synopsis="A goblin looks for his bride.",
    )
    drama.tags.add("fantasy", "romance")
    RoleFactory(
        drama=drama, character="Kim Shin", actor=ActorFactory(name="Gong Yoo", slug="gong-yoo"), position=0
    )
    RoleFactory(
        drama=drama,
        character="Ji Eun Tak",
        actor=ActorFactory(name="Kim Go Eun", slug="kim-go-eun"),
        position=1,
    )
    WatchLinkFactory(drama=drama, provider="Viki", url="https://www.viki.com/tv/goblin", position=0)
    WatchLinkFactory(drama=drama, provider="Netflix", url="https://www.netflix.com/goblin", position=1)
    return drama


# Drama


def test_drama_page_shows_facts_genres_cast_and_where_to_watch(client, goblin):
    response = client.get("/drama/goblin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="profile__name">Goblin</h1>' in html
    assert '<p class="profile__native" lang="ko">도깨비</p>' in html
    for fact in ("<dd>2016</dd>", "<dd>tvN</dd>", "<dd>16</dd>", "<p>A goblin looks for his bride.</p>"):
        assert fact in html
    assert '<span class="tag tag--static">fantasy</span>' in html
    assert 'Kim Shin (<a class="credit__actor" href="/actor/gong-yoo/">Gong Yoo</a>)' in html
    assert 'Ji Eun Tak (<a class="credit__actor" href="/actor/kim-go-eun/">Kim Go Eun</a>)' in html
    assert html.index("https://www.viki.com/tv/goblin") < html.index("https://www.netflix.com/goblin")
    assert (
        'href="https://www.netflix.com/goblin?utm_source=soompi&amp;utm_medium=referral&amp;utm_campaign=drama-goblin"'
        ' target="_blank" rel="noopener noreferrer"'
    ) in html


def test_drama_page_shows_poster_with_alt_text(client, goblin, django_capture_on_commit_callbacks):
    goblin.poster = png("goblin.png")
    goblin.poster_alt = "Gong Yoo holding a sword"
    with django_capture_on_commit_callbacks(execute=True):  # the renditions are made on commit
        goblin.save()

    html = client.get("/drama/goblin/").content.decode()

    assert 'alt="Gong Yoo holding a sword"' in html
    assert 'src="/media/renditions/dramas/posters/goblin' in html


def test_drama_page_links_every_published_entry_about_it_with_its_number(client, goblin):
    older = PublishedListicleFactory(title="Confessions", publish_at=hours(-10))
    full_entry(older, 0)
    EntryFactory(listicle=older, drama=goblin, position=1, heading="Three simple words")
    newer = PublishedListicleFactory(title="Countdown", numbering=Numbering.COUNTDOWN, publish_at=hours(-1))
    EntryFactory(listicle=newer, drama=goblin, position=0)
    full_entry(newer, 1)
    full_entry(newer, 2)

    response = client.get("/drama/goblin/")

    assert entry_links(response) == [
        ("Countdown", 3, f"/article/{newer.pk}/{newer.slug}/#entry-3"),
        ("Confessions", 2, f"/article/{older.pk}/{older.slug}/#entry-2"),
    ]
    html = response.content.decode()
    assert (
        f'<a class="featured__title" href="/article/{older.pk}/{older.slug}/#entry-2">Confessions</a>' in html
    )
    assert "<span>Three simple words</span>" in html


def test_drama_page_lists_an_article_once_with_each_of_its_entries_about_it(client, goblin):
    listicle = PublishedListicleFactory(title="Goblin, twice")
    EntryFactory(listicle=listicle, drama=goblin, position=0, heading="The first snow")
    full_entry(listicle, 1)
    EntryFactory(listicle=listicle, drama=goblin, position=2, heading="The last rain")

    html = client.get("/drama/goblin/").content.decode()

    assert html.count("Goblin, twice") == 1  # not again among the related cards either
    url = listicle.get_absolute_url()
    assert f'<a class="featured__title" href="{url}#entry-1">Goblin, twice</a>' in html
    assert f'<a class="featured__number" href="{url}#entry-1">No. 1</a>' in html
    assert f'<a class="featured__number" href="{url}#entry-3">No. 3</a>' in html
    assert html.index("The first snow") < html.index("The last rain")


@pytest.mark.parametrize("count", [2, 20])
def test_drama_page_query_count_stays_flat_when_articles_have_several_entries_about_it(
    client, django_assert_max_num_queries, goblin, count
):
    for _ in range(count):
        listicle = PublishedListicleFactory()
        EntryFactory(listicle=listicle, drama=goblin, position=0)
        EntryFactory(listicle=listicle, drama=goblin, position=1)

    with django_assert_max_num_queries(DRAMA_QUERIES):
        html = client.get("/drama/goblin/").content.decode()

    assert html.count('class="featured__title"') == count
    assert html.count('class="featured__number"') == 2 * count


def test_drama_page_leaves_out_entries_readers_may_not_see(client, goblin):
    for listicle in unpublished_listicles():
        EntryFactory(listicle=listicle, drama=goblin)

    response = client.get("/drama/goblin/")

    assert response.status_code == 200
    assert list(response.context["entries"]) == []
    html = response.content.decode()
    for title in ("Draft one", "Review one", "Archived one", "Scheduled one"):
        assert title not in html


def test_entry_number_follows_position_when_positions_tie(client, goblin):
    listicle = PublishedListicleFactory()
    full_entry(listicle, 0)
    EntryFactory(listicle=listicle, drama=goblin, position=0)  # same position, created later

    response = client.get("/drama/goblin/")

    assert [number for _, number, _ in entry_links(response)] == [2]


def test_unknown_drama_answers_404(client):
    assert client.get("/drama/nope/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_drama_page_query_count_does_not_grow_with_entries(
    client, django_assert_max_num_queries, goblin, count
):
    for index in range(count):
        listicle = PublishedListicleFactory()
        EntryFactory(listicle=listicle, drama=goblin)
        full_entry(listicle, 1 + index % 3)

    with django_assert_max_num_queries(DRAMA_QUERIES):
        response = client.get("/drama/goblin/")

    assert len(response.context["entries"]) == count


# Actor


def test_actor_page_shows_bio_instagram_and_roles_with_their_dramas(client, goblin):
    actor = goblin.roles.get(character="Kim Shin").actor
    actor.native_name = "공유"
    actor.bio = "Star of Coffee Prince & Goblin."
    actor.instagram = "gongyoo"
    actor.save()
    RoleFactory(actor=actor, character="Choi Han Gyul", drama=DramaFactory(title="Coffee Prince", year=2007))

    html = client.get("/actor/gong-yoo/").content.decode()

    assert '<h1 class="profile__name">Gong Yoo</h1>' in html
    assert '<p class="profile__native" lang="ko">공유</p>' in html
    assert "<p>Star of Coffee Prince &amp; Goblin.</p>" in html
    assert 'href="https://www.instagram.com/gongyoo/"' in html
    assert html.index("Kim Shin") < html.index("Choi Han Gyul")  # newest drama first
    assert 'in <a href="/drama/goblin/">Goblin</a>' in html


def test_actor_page_lists_published_entries_crediting_or_quoting_them(client, goblin):
    kim_shin = goblin.roles.get(character="Kim Shin")
    eun_tak = goblin.roles.get(character="Ji Eun Tak")
    credited_in = PublishedListicleFactory(title="Credited", publish_at=hours(-3))
    EntryFactory(listicle=credited_in, drama=goblin).featuring.set([kim_shin, eun_tak])
    quoted_in = PublishedListicleFactory(title="Quoted", publish_at=hours(-1))
    full_entry(quoted_in, 0)
    EntryFactory(listicle=quoted_in, drama=goblin, position=1, quote="I love you.", quote_role=kim_shin)
    PublishedListicleFactory(title="Elsewhere")
    EntryFactory(listicle=PublishedListicleFactory(title="Only her"), drama=goblin).featuring.set([eun_tak])
    for listicle in unpublished_listicles():
        EntryFactory(listicle=listicle, drama=goblin).featuring.set([kim_shin])

    response = client.get("/actor/gong-yoo/")

    assert entry_links(response) == [
        ("Quoted", 2, f"/article/{quoted_in.pk}/{quoted_in.slug}/#entry-2"),
        ("Credited", 1, f"/article/{credited_in.pk}/{credited_in.slug}/#entry-1"),
    ]
    assert [entry.character for entry in response.context["entries"]] == ["Kim Shin", "Kim Shin"]
    assert "<span>as Kim Shin</span>" in response.content.decode()


def test_unknown_actor_answers_404(client):
    assert client.get("/actor/nobody/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_actor_page_query_count_does_not_grow_with_entries(
    client, django_assert_max_num_queries, goblin, count
):
    kim_shin = goblin.roles.get(character="Kim Shin")
    for _ in range(count):
        EntryFactory(listicle=PublishedListicleFactory(), drama=goblin).featuring.set([kim_shin])
        RoleFactory(actor=kim_shin.actor)

    with django_assert_max_num_queries(ACTOR_QUERIES):
        response = client.get("/actor/gong-yoo/")

    assert len(response.context["entries"]) == count

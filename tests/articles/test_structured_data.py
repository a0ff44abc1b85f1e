"""JSON-LD on the drama, actor and article pages, held to the shapes schema.org and search engines
expect; and the per-tag and per-author RSS feeds those pages link to."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Status
from tests import factories

pytestmark = pytest.mark.django_db

ABSOLUTE = re.compile(r"^https?://testserver/")

# The properties each type must have, and the JSON type of every property it may have.
SHAPES = {
    "TVSeries": {
        "required": {"name", "url"},
        "types": {
            "name": str,
            "alternateName": str,
            "startDate": str,
            "numberOfEpisodes": int,
            "description": str,
            "genre": list,
            "image": str,
            "url": str,
            "actor": list,
            "productionCompany": dict,
            "mainEntityOfPage": dict,
        },
    },
    "Person": {
        "required": {"name", "url"},
        "types": {
            "name": str,
            "alternateName": str,
            "description": str,
            "image": str,
            "url": str,
            "sameAs": list,
            "jobTitle": str,
            "performerIn": list,
            "mainEntityOfPage": dict,
        },
    },
    "PerformanceRole": {
        "required": {"actor", "characterName"},
        "types": {"actor": dict, "characterName": str},
    },
    "Organization": {"required": {"name"}, "types": {"name": str, "url": str, "logo": dict}},
    "ImageObject": {"required": {"url"}, "types": {"url": str}},
    "NewsArticle": {
        "required": {"headline", "url", "datePublished", "dateModified", "author", "image", "publisher"},
        "types": {
            "headline": str,
            "description": str,
            "url": str,
            "mainEntityOfPage": dict,
            "datePublished": str,
            "dateModified": str,
            "keywords": list,
            "publisher": dict,
            "author": dict,
            "image": list,
            "mainEntity": dict,
        },
    },
    "WebPage": {"required": {"@id", "breadcrumb"}, "types": {"@id": str, "breadcrumb": dict}},
    "BreadcrumbList": {"required": {"itemListElement"}, "types": {"itemListElement": list}},
    "ListItem": {
        "required": {"position", "name"},
        "types": {"position": int, "name": str, "item": str, "url": str},
    },
}


def validate(node, path="$"):
    """Check `node` and every typed object inside it against SHAPES; return the types seen."""
    seen = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            seen += validate(item, f"{path}[{index}]")
        return seen
    if not isinstance(node, dict):
        return seen
    kind = node.get("@type")
    if kind in SHAPES:
        shape = SHAPES[kind]
        missing = shape["required"] - set(node)
        assert not missing, f"{path} ({kind}) lacks {missing}"
        for key, value in node.items():
            if key.startswith("@"):
                continue
            assert key in shape["types"], f"{path}.{key} is not a {kind} property here"
            assert isinstance(value, shape["types"][key]), f"{path}.{key} should be {shape['types'][key]}"
            if key in {"url", "item", "image"} or (key == "@id"):
                for address in value if isinstance(value, list) else [value]:
                    assert ABSOLUTE.match(address), f"{path}.{key} is not absolute: {address}"
        seen.append(kind)
    if kind == "BreadcrumbList":
        positions = [item["position"] for item in node["itemListElement"]]
        assert positions == list(range(1, len(positions) + 1)), f"{path}: positions {positions}"
    for key, value in node.items():
        seen += validate(value, f"{path}.{key}")
    return seen


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, "one JSON-LD block per page"
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data


def breadcrumb(data):
    return [
        (item["name"], item["item"]) for item in data["mainEntityOfPage"]["breadcrumb"]["itemListElement"]
    ]


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (600, 900), "navy").save(buffer, "JPEG")
    return SimpleUploadedFile("poster.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_drama_page_is_a_tv_series_with_its_cast_network_and_poster(client):
    goblin = factories.DramaFactory(
        title="Goblin", slug="goblin", native_title="도깨비", year=2016, network="tvN", episodes=16,
        poster=jpeg(), poster_alt="Poster",
    )  # fmt: skip
    goblin.tags.add("fantasy")
    factories.RoleFactory(drama=goblin, actor__name="Gong Yoo", actor__slug="gong-yoo", character="Kim Shin")

    data = json_ld(client.get("/drama/goblin/").content.decode())

    assert data["@type"] == "TVSeries"
    assert {"actor", "mainEntityOfPage"} <= set(data)
    assert set(validate(data)) >= {"TVSeries", "PerformanceRole", "Person", "Organization", "BreadcrumbList"}
    assert (data["name"], data["alternateName"], data["startDate"]) == ("Goblin", "도깨비", "2016")
    assert data["productionCompany"] == {"@type": "Organization", "name": "tvN"}
    assert data["numberOfEpisodes"] == 16 and data["genre"] == ["fantasy"]
    assert data["actor"] == [
        {
            "@type": "PerformanceRole",
            "characterName": "Kim Shin",
            "actor": {"@type": "Person", "name": "Gong Yoo", "url": "http://testserver/actor/gong-yoo/"},
        }
    ]
    assert data["image"].startswith("http://testserver/media/dramas/posters/poster")
    assert breadcrumb(data) == [
        ("Soompi", "http://testserver/"),
        ("Goblin", "http://testserver/drama/goblin/"),
    ]


def test_drama_without_optional_facts_leaves_them_out(client):
    factories.DramaFactory(title="Plain", slug="plain", native_title="", year=None, network="", episodes=None)

    data = json_ld(client.get("/drama/plain/").content.decode())

    validate(data)
    assert not {"alternateName", "startDate", "productionCompany", "image", "numberOfEpisodes"} & set(data)


def test_actor_page_is_a_person_with_their_dramas(client):
    actor = factories.ActorFactory(name="Gong Yoo", slug="gong-yoo", native_name="공유", instagram="gongyoo")
    factories.RoleFactory(actor=actor, drama__title="Goblin", drama__slug="goblin", character="Kim Shin")

    data = json_ld(client.get("/actor/gong-yoo/").content.decode())

    assert data["@type"] == "Person"
    assert "BreadcrumbList" in validate(data)
    assert (data["name"], data["alternateName"]) == ("Gong Yoo", "공유")
    assert data["sameAs"] == ["https://www.instagram.com/gongyoo/"]
    assert data["performerIn"] == [
        {"@type": "TVSeries", "name": "Goblin", "url": "http://testserver/drama/goblin/"}
    ]
    assert breadcrumb(data)[-1] == ("Gong Yoo", "http://testserver/actor/gong-yoo/")


def test_article_page_is_a_news_article_with_dates_author_images_and_the_publishers_logo(client):
    listicle = factories.PublishedListicleFactory(hero_image=jpeg(), hero_alt="A poster")
    factories.full_entry(listicle)

    data = json_ld(client.get(listicle.get_absolute_url()).content.decode())

    assert data["@type"] == "NewsArticle"
    assert {"NewsArticle", "Person", "Organization", "ImageObject", "BreadcrumbList"} <= set(validate(data))
    assert data["datePublished"].startswith(listicle.publish_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert data["dateModified"].startswith(listicle.updated.strftime("%Y-%m-%dT%H:%M:%S"))
    hero, card = data["image"]
    assert hero.startswith("http://testserver/media/listicles/poster")
    assert re.fullmatch(rf"http://testserver/article/{listicle.pk}/card/[0-9a-f]{{20}}\.jpg", card)
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": "http://testserver/static/img/favicon.svg",
    }


def test_article_without_a_lead_picture_still_names_its_share_card_as_image(client):
    listicle = factories.PublishedListicleFactory()

    data = json_ld(client.get(listicle.get_absolute_url()).content.decode())

    (card,) = data["image"]
    assert card.startswith(f"http://testserver/article/{listicle.pk}/card/")


def test_article_page_names_its_breadcrumb_through_its_first_tag(client):
    listicle = factories.PublishedListicleFactory(title="12 Confessions", slug="twelve")
    listicle.tags.add("romance", "confessions")
    factories.full_entry(listicle)

    data = json_ld(client.get(listicle.get_absolute_url()).content.decode())

    assert data["@type"] == "NewsArticle"
    assert "BreadcrumbList" in validate(data["mainEntityOfPage"])
    assert breadcrumb(data) == [
        ("Soompi", "http://testserver/"),
        ("confessions", "http://testserver/tag/confessions/"),
        ("12 Confessions", f"http://testserver{listicle.get_absolute_url()}"),
    ]


def test_json_ld_on_knowledge_pages_cannot_close_its_script_element(client):
    factories.DramaFactory(title="</script><script>alert(1)</script>", slug="evil")

    html = client.get("/drama/evil/").content.decode()

    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


# Feeds


def feed_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def test_tag_feed_lists_only_published_articles_with_that_tag_and_the_tag_page_links_it(client):
    romance = factories.PublishedListicleFactory(title="Romance one")
    romance.tags.add("romance")
    factories.PublishedListicleFactory(title="Thriller one").tags.add("thriller")
    factories.ListicleFactory(title="Romance draft", status=Status.DRAFT).tags.add("romance")

    assert feed_titles(client.get("/tag/romance/feed/")) == ["Romance one"]
    html = client.get("/tag/romance/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Soompi: romance" href="/tag/romance/feed/">'
        in html
    )


def test_author_feed_lists_only_their_published_articles_and_the_author_page_links_it(client):
    author = factories.AuthorFactory(name="binahearts", slug="binahearts")
    factories.PublishedListicleFactory(title="Hers", author=author)
    factories.PublishedListicleFactory(title="Someone else's")
    factories.ListicleFactory(title="Her draft", author=author)

    assert feed_titles(client.get("/author/binahearts/feed/")) == ["Hers"]
    html = client.get("/author/binahearts/").content.decode()
    assert 'href="/author/binahearts/feed/"' in html and 'title="Soompi: articles by binahearts"' in html


def test_feeds_of_unknown_tags_and_authors_answer_404(client):
    assert client.get("/tag/nothing/feed/").status_code == 404
    assert client.get("/author/nobody/feed/").status_code == 404


@pytest.mark.parametrize("count", [2, 15])
def test_tag_feed_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, count):
    for _ in range(count):
        factories.PublishedListicleFactory().tags.add("romance", "comedy")

    # The tag, the listicles with their authors, their tags, their entries (none here).
    with django_assert_max_num_queries(4):
        assert len(feed_titles(client.get("/tag/romance/feed/"))) == count

"""The public article page: what readers see, in what order, and what they must never see."""

import io
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone
from django.views import View
from django.views.generic.base import TemplateResponseMixin
from PIL import Image

from articles.models import Listicle, Numbering, Status
from articles.views import ListiclePageMixin
from interchange.exporter import export_listicle
from tests.factories import (
    ActorFactory,
    DramaFactory,
    EntryFactory,
    EntrySceneFactory,
    PublishedListicleFactory,
    RoleFactory,
    SceneFactory,
    WatchLinkFactory,
    full_entry,
)

pytestmark = pytest.mark.django_db

# The article page when its skeleton is rendered (the first request after an edit): the listicle,
# then for the skeleton the listicle + author, tags, entries, featuring, watch links, scene links,
# related cards and their tags; the reaction box (the active kinds, kept per worker afterwards;
# the counts, kept until the next reaction); then the comments: both counts, the first page of
# threads, their replies. With the skeleton stored it is 5 (tests/articles/test_article_skeleton.py).
ARTICLE_PAGE_QUERIES = 13


def png(name="image.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "#d1124f").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_entry(listicle, position, name, *, quote="", scenes=(), watch=("Viki",)):
    """An entry about the drama `name`, with a couple, an optional quote, scenes and watch links."""
    drama = DramaFactory(
        title=name, slug=f"drama-{position}-{listicle.pk}", native_title=f"{name} KR", year=2016
    )
    lead = RoleFactory(drama=drama, character=f"{name} Lead", actor=ActorFactory(name=f"{name} Actor"))
    partner = RoleFactory(
        drama=drama, character=f"{name} Partner", actor=ActorFactory(name=f"{name} Actress")
    )
    for index, provider in enumerate(watch):
        WatchLinkFactory(
            drama=drama, provider=provider, url=f"https://example.com/{drama.slug}/{index}", position=index
        )
    entry = EntryFactory(
        listicle=listicle,
        drama=drama,
        position=position,
        quote=quote,
        quote_role=lead if quote else None,
        body=f"{name} body text.",
    )
    entry.featuring.set([lead, partner])
    for index, (title, video_id, lead_in, caption) in enumerate(scenes):
        scene = SceneFactory(
            drama=drama, title=title, video_url=f"https://www.youtube.com/watch?v={video_id}"
        )
        EntrySceneFactory(entry=entry, scene=scene, position=index, lead_in=lead_in, caption=caption)
    return entry


def page(client, listicle):
    response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def in_order(html, *needles):
    """True when the needles occur in html one after the other, each after the previous one."""
    position = 0
    for needle in needles:
        found = html.find(needle, position)
        if found == -1:
            missing = "missing" if needle not in html else "out of order"
            raise AssertionError(f"{needle!r} is {missing}")
        position = found + len(needle)
    return True


class Markup(HTMLParser):
    """Collects every tag and attribute of a page, to prove what did not become markup."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


# What the page shows, in order


def test_every_entry_quote_credit_embed_and_watch_link_appears_in_reading_order(client):
    listicle = PublishedListicleFactory(title="Confessions", intro="The intro.", outro="Which one is yours?")
    listicle.tags.add("romance")
    make_entry(listicle, 2, "Goblin", quote="I love you.", scenes=[("Rain", "bbbbbbbbbbb", "", "")])
    make_entry(listicle, 1, "Coffee Prince", quote="I like you.", scenes=[("Cafe", "aaaaaaaaaaa", "", "")])
    make_entry(listicle, 3, "Healer", quote="Look at me.", scenes=[("Roof", "ccccccccccc", "", "")])

    html = page(client, listicle)

    assert in_order(
        html,
        "The intro.",
        'id="entry-1"',
        "Coffee Prince</a>",
        "“I like you.”",
        "Coffee Prince Lead (",
        "Coffee Prince Partner (",
        "Coffee Prince body text.",
        "youtube-nocookie.com/embed/aaaaaaaaaaa",
        "Watch “Coffee Prince”:",
        'id="entry-2"',
        "Goblin</a>",
        "“I love you.”",
        "youtube-nocookie.com/embed/bbbbbbbbbbb",
        "Watch “Goblin”:",
        'id="entry-3"',
        "Healer</a>",
        "“Look at me.”",
        "youtube-nocookie.com/embed/ccccccccccc",
        "Watch “Healer”:",
        "Which one is yours?",
        'href="/tag/romance/"',
    )


def test_entry_scenes_show_lead_in_clip_and_caption_in_scene_order(client):
    listicle = PublishedListicleFactory()
    make_entry(
        listicle,
        0,
        "Descendants of the Sun",
        scenes=[
            ("Funny one", "aaaaaaaaaaa", "First lead-in.", "First caption."),
            (
                "Heart one",
                "bbbbbbbbbbb",
                "And then the confession:",
                "That was the sound of hearts breaking.",
            ),
        ],
    )

    html = page(client, listicle)

    assert in_order(
        html,
        "First lead-in.",
        "embed/aaaaaaaaaaa",
        "First caption.",
        "And then the confession:",
        "embed/bbbbbbbbbbb",
        "That was the sound of hearts breaking.",
    )


def test_entry_shows_drama_facts_and_links_heading_to_drama_page(client):
    listicle = PublishedListicleFactory()
    entry = make_entry(listicle, 0, "Coffee Prince")
    entry.drama.network = "MBC"
    entry.drama.save()

    html = page(client, listicle)

    assert f'<a class="entry__title" href="/drama/{entry.drama.slug}/">Coffee Prince</a>' in html
    assert in_order(html, '<span lang="ko">Coffee Prince KR</span>', "<span>2016</span>", "<span>MBC</span>")


def test_entry_heading_overrides_the_drama_title(client):
    listicle = PublishedListicleFactory()
    entry = make_entry(listicle, 0, "Reply 1988")
    entry.heading = "Reply 1988: the ring"
    entry.save()

    assert "Reply 1988: the ring</a>" in page(client, listicle)


def test_quote_is_attributed_to_character_with_actor_linked(client):
    listicle = PublishedListicleFactory()
    entry = make_entry(listicle, 0, "Coffee Prince", quote="Whether you're a man or an alien, I don't care.")
    actor = entry.quote_role.actor

    html = page(client, listicle)

    assert (
        "<blockquote><p>“Whether you&#x27;re a man or an alien, I don&#x27;t care.”</p></blockquote>" in html
    )
    assert (
        f'<figcaption>— <span class="credit">Coffee Prince Lead '
        f'(<a class="credit__actor" href="/actor/{actor.slug}/">Coffee Prince Actor</a>)</span></figcaption>'
    ) in html


def test_featuring_lists_each_character_with_actor_linked(client):
    listicle = PublishedListicleFactory()
    entry = make_entry(listicle, 0, "Goblin")
    lead, partner = entry.featuring.order_by("position", "id")

    html = page(client, listicle)

    featuring = html[html.index('class="entry__featuring"') :]
    assert in_order(
        featuring,
        f'Goblin Lead (<a class="credit__actor" href="/actor/{lead.actor.slug}/">Goblin Actor</a>)',
        f'Goblin Partner (<a class="credit__actor" href="/actor/{partner.actor.slug}/">Goblin Actress</a>)',
    )


def test_video_loads_only_on_click_and_links_to_the_video_without_javascript(client):
    listicle = PublishedListicleFactory()
    make_entry(listicle, 0, "Goblin", scenes=[("Rain", "aaaaaaaaaaa", "", "")])

    html = page(client, listicle)

    assert "<iframe" not in html
    assert re.search(
        r'<button class="video__play" type="button" hidden data-video-play\s+'
        r'data-embed-url="https://www.youtube-nocookie.com/embed/aaaaaaaaaaa\?rel=0"\s+'
        r'data-title="Rain \(YouTube video\)">',
        html,
    )
    assert 'href="https://www.youtube.com/watch?v=aaaaaaaaaaa"' in html
    assert re.search(r'<script src="/static/js/video\.js" defer></script>', html)


def test_scene_still_is_the_poster_with_its_alt_text(client, django_capture_on_commit_callbacks):
    listicle = PublishedListicleFactory()
    entry = make_entry(listicle, 0, "Goblin", scenes=[("Rain", "aaaaaaaaaaa", "", "")])
    scene = entry.scene_links.get().scene
    scene.still = png("rain.png")
    scene.still_alt = "Eun Tak smiles in the rain"
    with django_capture_on_commit_callbacks(execute=True):  # the renditions are made on commit
        scene.save()

    html = page(client, listicle)

    assert re.search(
        r'<img class="video__still" src="/media/renditions/scenes/rain[^"]*/\d+\.png" srcset="[^"]+" '
        r'sizes="[^"]+" alt="Eun Tak smiles in the rain"',
        html,
    )


def test_each_watch_link_is_a_named_watch_now_button_opening_safely(client):
    listicle = PublishedListicleFactory()
    entry = make_entry(listicle, 0, "Goblin", watch=("Viki", "Netflix"))
    viki, netflix = entry.drama.watch_links.all()

    html = page(client, listicle)

    utm = f"?utm_source=soompi&amp;utm_medium=referral&amp;utm_campaign={listicle.slug}"
    assert in_order(
        html,
        "Watch “Goblin”:",
        f'<a class="button watch__button" href="{viki.url}{utm}" target="_blank" rel="noopener noreferrer">',
        'Watch Now <span class="watch__provider">on Viki</span>',
        f'<a class="button watch__button" href="{netflix.url}{utm}" target="_blank" '
        'rel="noopener noreferrer">',
        'Watch Now <span class="watch__provider">on Netflix</span>',
    )


def test_entry_without_watch_links_has_no_watch_line(client):
    listicle = PublishedListicleFactory()
    make_entry(listicle, 0, "Goblin", watch=())

    assert "Watch “Goblin”" not in page(client, listicle)


def test_byline_links_author_and_shows_publish_date(client, settings):
    settings.TIME_ZONE = "UTC"  # the times typed and expected below are UTC
    listicle = PublishedListicleFactory(publish_at=datetime(2017, 5, 12, 9, tzinfo=UTC))

    html = page(client, listicle)

    assert f'By <a href="/author/{listicle.author.slug}/" rel="author">{listicle.author.name}</a>' in html
    assert '<time class="byline__date" datetime="2017-05-12T09:00:00+00:00">May 12, 2017</time>' in html


def test_author_box_shows_bio_and_instagram_link(client):
    listicle = PublishedListicleFactory(author__bio="Karaoke and dessert.", author__instagram="binahearts")

    html = page(client, listicle)

    author_box = html[html.index('class="author-box"') :]
    assert "<p>Karaoke and dessert.</p>" in author_box
    assert 'href="https://www.instagram.com/binahearts/"' in author_box


def test_article_without_author_has_no_byline_or_author_box(client):
    listicle = PublishedListicleFactory(author=None)

    html = page(client, listicle)

    assert "By <a" not in html
    assert 'class="author-box"' not in html


def test_hero_image_is_shown_with_its_alt_text(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the renditions are made on commit
        listicle = PublishedListicleFactory(hero_image=png("hero.png"), hero_alt="Gong Yoo in Coffee Prince")

    html = page(client, listicle)

    assert re.search(
        r'<img src="/media/renditions/listicles/hero[^"]*/crops/0500-0500/wide-\d+\.png" '
        r'srcset="[^"]+" sizes="[^"]+" '
        r'alt="Gong Yoo in Coffee Prince" width="\d+" height="\d+" fetchpriority="high"',
        html,
    )


# Numbering


def numbers(html):
    return [int(number) for number in re.findall(r'<span class="entry__number">(\d+)<', html)]


def listicle_with_entries(numbering, count=3):
    listicle = PublishedListicleFactory(numbering=numbering)
    for position in range(count):
        make_entry(listicle, position, f"Drama {position}")
    return listicle


def test_list_numbering_counts_up_in_no_particular_order(client):
    html = page(client, listicle_with_entries(Numbering.LIST))

    assert numbers(html) == [1, 2, 3]
    assert "(In no particular order)" in html
    assert in_order(html, 'id="entry-1"', "Drama 0</a>", 'id="entry-3"', "Drama 2</a>")


def test_ranked_numbering_counts_up_without_the_no_particular_order_note(client):
    html = page(client, listicle_with_entries(Numbering.RANKED))

    assert numbers(html) == [1, 2, 3]
    assert "In no particular order" not in html


def test_countdown_numbering_counts_down_from_the_number_of_entries(client):
    html = page(client, listicle_with_entries(Numbering.COUNTDOWN))

    assert numbers(html) == [3, 2, 1]
    assert "In no particular order" not in html
    assert in_order(html, 'id="entry-3"', "Drama 0</a>", 'id="entry-1"', "Drama 2</a>")


# Who may see it


@pytest.mark.parametrize(
    ("status", "hours_from_now"),
    [
        (Status.DRAFT, -1),
        (Status.REVIEW, -1),
        (Status.ARCHIVED, -1),
        (Status.PUBLISHED, +1),  # scheduled
        (Status.PUBLISHED, None),  # published without a publish time
    ],
)
def test_listicle_readers_may_not_see_answers_404(client, status, hours_from_now):
    publish_at = None if hours_from_now is None else timezone.now() + timezone.timedelta(hours=hours_from_now)
    listicle = PublishedListicleFactory(status=status, publish_at=publish_at)

    assert client.get(listicle.get_absolute_url()).status_code == 404


def test_unknown_article_id_answers_404(client):
    assert client.get("/article/999999/anything/").status_code == 404


def test_scheduled_listicle_appears_once_its_time_has_come(client, time_machine):
    listicle = PublishedListicleFactory(publish_at=timezone.now() + timezone.timedelta(hours=2))
    assert client.get(listicle.get_absolute_url()).status_code == 404

    time_machine.move_to(timezone.now() + timezone.timedelta(hours=3))

    assert client.get(listicle.get_absolute_url()).status_code == 200


def test_a_slug_the_article_never_had_redirects_to_the_canonical_url_without_being_kept(client):
    listicle = PublishedListicleFactory(slug="confession-scenes")

    response = client.get(f"/article/{listicle.pk}/old-name/")

    assert response.status_code == 302  # an editor may choose that slug one day
    assert response["Location"] == f"/article/{listicle.pk}/confession-scenes/"
    assert "max-age=0" in response["Cache-Control"]


def test_old_links_keep_working_after_the_slug_changes(client):
    listicle = PublishedListicleFactory(slug="first-name")
    old_url = listicle.get_absolute_url()
    listicle.slug = "better-name"
    listicle.save()

    response = client.get(old_url, follow=True)

    assert response.redirect_chain == [(f"/article/{listicle.pk}/better-name/", 302)]
    assert response.status_code == 200


def test_stale_slug_of_an_unpublished_listicle_answers_404_not_a_redirect(client):
    listicle = PublishedListicleFactory(status=Status.DRAFT)

    assert client.get(f"/article/{listicle.pk}/old-name/").status_code == 404


# Escaping and Markdown


def test_title_and_quote_containing_script_are_escaped(client):
    listicle = PublishedListicleFactory(title="<script>alert('t')</script>", dek="<b>dek</b>")
    make_entry(listicle, 0, "Goblin", quote="</blockquote><script>alert('q')</script>")

    html = page(client, listicle)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html
    assert "“&lt;/blockquote&gt;&lt;script&gt;alert(&#x27;q&#x27;)&lt;/script&gt;”" in html
    assert "&lt;b&gt;dek&lt;/b&gt;" in html
    assert json_ld(html)["headline"] == "<script>alert('t')</script>"


def test_markdown_is_rendered_and_sanitised(client):
    listicle = PublishedListicleFactory(
        intro="Sigh. **Lethal** confessions.",
        outro='Tell us <img src=x onerror="alert(1)"> [here](javascript:alert(2)).',
    )
    entry = make_entry(
        listicle, 0, "Goblin", scenes=[("Rain", "aaaaaaaaaaa", "*Before* it.", "<script>x()</script>")]
    )
    entry.body = "She says [it](https://example.com/goblin) <em onclick='alert(3)'>three</em> times."
    entry.save()

    html = page(client, listicle)

    assert "<strong>Lethal</strong>" in html
    assert "<em>Before</em> it." in html
    assert '<a href="https://example.com/goblin" rel="noopener noreferrer">it</a>' in html
    tags = Markup(html).tags
    assert not [(tag, name) for tag, attrs in tags for name in attrs if name.startswith("on")]
    assert not [attrs["href"] for tag, attrs in tags if "javascript:" in attrs.get("href", "")]
    assert "img" not in {tag for tag, attrs in tags}
    scripts = [(attrs.get("type"), attrs.get("src")) for tag, attrs in tags if tag == "script"]
    assert scripts == [
        ("application/ld+json", None),
        (None, "/static/js/reader.js"),
        (None, "/static/js/video.js"),
        (None, "/static/js/reactions.js"),
        (None, "/static/js/comments.js"),
        (None, "/static/js/share.js"),
    ]
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


# Head: canonical, social cards, structured data


def test_head_carries_canonical_link_open_graph_and_twitter_card(client):
    listicle = PublishedListicleFactory(
        title="Confessions",
        dek="The scenes we never forget.",
        hero_image=png("hero.png"),
        hero_alt="A confession",
    )
    listicle.tags.add("romance")
    url = f"http://testserver/article/{listicle.pk}/{listicle.slug}/"

    html = page(client, listicle)
    head = html[: html.index("</head>")]

    assert f'<link rel="canonical" href="{url}">' in head
    assert '<meta name="description" content="The scenes we never forget.">' in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta property="og:title" content="Confessions">' in head
    assert '<meta property="og:description" content="The scenes we never forget.">' in head
    assert f'<meta property="og:url" content="{url}">' in head
    card = rf"http://testserver/article/{listicle.pk}/card/[0-9a-f]{{20}}\.jpg"
    assert re.search(rf'<meta property="og:image" content="{card}">', head)
    assert re.search(rf'<meta name="twitter:image" content="{card}">', head)
    assert '<meta property="og:image:width" content="1200">' in head
    assert '<meta property="og:image:height" content="630">' in head
    assert '<meta property="og:image:alt" content="Confessions — A confession">' in head
    assert '<meta property="article:tag" content="romance">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert '<meta name="twitter:title" content="Confessions">' in head
    assert 'name="robots"' not in head


def test_without_hero_image_the_card_is_the_title_alone(client):
    listicle = PublishedListicleFactory(title="Confessions")

    html = page(client, listicle)

    assert '<meta name="twitter:card" content="summary_large_image">' in html
    card = rf"http://testserver/article/{listicle.pk}/card/[0-9a-f]{{20}}\.jpg"
    assert re.search(rf'<meta property="og:image" content="{card}">', html)
    assert '<meta property="og:image:alt" content="Confessions">' in html


def test_json_ld_is_an_article_with_an_item_list_of_the_entries(client):
    listicle = PublishedListicleFactory(
        title="Confessions", dek="Twelve scenes.", numbering=Numbering.COUNTDOWN
    )
    make_entry(listicle, 0, "Coffee Prince")
    make_entry(listicle, 1, "Goblin")
    url = f"http://testserver/article/{listicle.pk}/{listicle.slug}/"

    data = json_ld(page(client, listicle))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Confessions"
    assert data["description"] == "Twelve scenes."
    assert data["url"] == url
    assert data["author"] == {
        "@type": "Person",
        "name": listicle.author.name,
        "url": f"http://testserver/author/{listicle.author.slug}/",
    }
    assert data["datePublished"].startswith(listicle.publish_at.strftime("%Y-%m-%dT%H:%M:%S"))
    item_list = data["mainEntity"]
    assert item_list["@type"] == "ItemList"
    assert item_list["numberOfItems"] == 2
    assert item_list["itemListOrder"] == "https://schema.org/ItemListOrderDescending"
    assert item_list["itemListElement"] == [
        {"@type": "ListItem", "position": 2, "name": "Coffee Prince", "url": f"{url}#entry-2"},
        {"@type": "ListItem", "position": 1, "name": "Goblin", "url": f"{url}#entry-1"},
    ]


# Preview, for the views that reuse the page


class PreviewPage(ListiclePageMixin, TemplateResponseMixin, View):
    def get(self, request, pk):
        listicle = Listicle.objects.for_page().get(pk=pk)
        return self.render_to_response(self.get_listicle_context(listicle, is_preview=True))


def test_preview_is_not_indexed_and_shows_status_and_scheduled_time(settings):
    settings.TIME_ZONE = "UTC"  # the times typed and expected below are UTC
    listicle = PublishedListicleFactory(publish_at=datetime(2030, 1, 2, 9, 30, tzinfo=UTC))
    make_entry(listicle, 0, "Goblin")

    response = PreviewPage.as_view()(RequestFactory().get("/preview/"), pk=listicle.pk)
    html = response.rendered_content

    assert '<meta name="robots" content="noindex">' in html
    assert 'class="preview-banner"' in html
    assert "Status: Published" in html
    assert re.search(
        r'Scheduled for\s+<time datetime="2030-01-02T09:30:00\+00:00">January 2, 2030, 09:30 UTC</time>', html
    )
    assert "Readers cannot see this page yet." in html
    assert "Goblin</a>" in html


def test_draft_preview_shows_its_status_without_a_time():
    listicle = PublishedListicleFactory(status=Status.DRAFT, publish_at=None)

    html = PreviewPage.as_view()(RequestFactory().get("/preview/"), pk=listicle.pk).rendered_content

    assert "Status: Draft" in html
    assert "Scheduled for" not in html


def test_public_page_has_no_preview_banner(client):
    html = page(client, PublishedListicleFactory())

    assert 'class="preview-banner"' not in html
    assert "noindex" not in html


# Cost


@pytest.mark.parametrize("entry_count", [3, 30])
def test_article_page_query_count_does_not_grow_with_entries(
    client, django_assert_max_num_queries, entry_count
):
    listicle = PublishedListicleFactory()
    listicle.tags.add("romance", "confessions")
    for position in range(entry_count):
        full_entry(listicle, position)

    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(listicle.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('class="entry"') == entry_count


def test_the_page_its_json_ld_and_the_export_list_tags_in_one_order(client):
    """By name ignoring case, wherever an article's tags are listed."""
    listicle = PublishedListicleFactory()
    make_entry(listicle, 0, "Goblin")
    listicle.tags.add("romance", "Kdrama", "beauty", "Confessions", "kdrama-news", "Apple")
    expected = ["Apple", "beauty", "Confessions", "Kdrama", "kdrama-news", "romance"]

    html = page(client, listicle)

    assert [tag.name for tag in Listicle.objects.get(pk=listicle.pk).sorted_tags] == expected
    assert json_ld(html)["keywords"] == expected
    shown = re.findall(r'<a class="tag" href="[^"]+" rel="tag">([^<]+)</a>', html)
    assert shown == expected
    assert export_listicle(listicle)["tags"] == expected

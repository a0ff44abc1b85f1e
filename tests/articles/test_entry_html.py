"""An article's entries written out in Python (`entry_html.entries_html`) are byte for byte what
`entry.html` and its includes render, for every shape of entry."""

from itertools import product
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch

from articles.entry_html import entries_html
from articles.models import EntryScene, Listicle
from articles.querysets import page_prefetches
from tests import factories

from .test_entry_images import gif, jpeg

pytestmark = pytest.mark.django_db

AWKWARD = "K-Drama <b>&amp;</b> \"quoted\" 'single'"


def template_entries(entries, listicle, poll):
    """The loop of `listicle_detail.html`, through the templates."""
    return "".join(
        "\n      "
        + render_to_string(
            "articles/includes/entry.html",
            {"entry": entry, "number": number, "listicle": listicle, "poll": poll},
        )
        + "\n    "
        for number, entry in entries
    )


def drama(facts, title):
    native, year, network = facts
    return factories.DramaFactory(
        title=title,
        native_title="커피 <프린스>" if native else "",
        year=2007 if year else None,
        network=network,
    )


@pytest.fixture
def article(db):
    """One article with an entry of each shape: facts, heading, quote and who says it, featuring,
    body, clips (with a still or a poster, an episode or none, a link that is no video), images
    with a credit or none, text before and after, watch links, a slug no address takes as it is."""
    listicle = factories.PublishedListicleFactory(slug="a-listicle")
    shapes = product(
        [(True, True, "MBC"), (False, False, ""), (False, True, "")],  # facts
        ["", AWKWARD],  # heading
        ["none", "alone", "said"],  # quote
        [0, 1, 2],  # featuring
    )
    for position, (facts, heading, quote, featuring) in enumerate(shapes):
        subject = drama(facts, AWKWARD if position % 4 else f"Goblin {position}")
        roles = [
            factories.RoleFactory(
                drama=subject, character=f"Kim <Shin> {n}", actor__name=f"Gong & Yoo {position}"
            )
            for n in range(2)
        ]
        entry = factories.EntryFactory(
            listicle=listicle,
            drama=subject,
            position=position,
            heading=heading,
            quote="" if quote == "none" else 'I like you. <3 & "more"',
            quote_role=roles[0] if quote == "said" else None,
            body="" if position % 3 == 0 else "Why **this** scene <script>x</script> matters.",
        )
        entry.featuring.set(roles[:featuring])
        for number in range(position % 3):
            factories.WatchLinkFactory(
                drama=subject, url=f"https://www.viki.com/tv/{position}?a=1&b={number}"
            )
    clips = listicle.entries.order_by("position")[:6]
    kinds = [
        {"video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "episode": 11},
        {"video_url": "https://vimeo.com/76979871", "episode": None, "title": AWKWARD},
        {"video_url": "https://www.viki.com/videos/1234v", "episode": 0, "still": jpeg()},
        {"video_url": "https://example.com/not-a-video", "episode": 3, "still": jpeg()},
        {"video_url": "https://example.com/not-a-video", "episode": None},
    ]
    for place, (entry, scene) in enumerate(zip(clips, kinds, strict=False)):
        factories.EntrySceneFactory(
            entry=entry,
            position=1,
            scene__title=scene.pop("title", f"The rooftop {place}"),
            lead_in="Before *the* clip & <i>more</i>." if place % 2 else "",
            caption="After the clip." if place % 3 else "",
            **{f"scene__{field}": value for field, value in scene.items()},
        )
    EntryScene.objects.create(
        entry=clips[0], position=2, image=gif(), image_alt='A "look"', credit="KBS & co"
    )
    EntryScene.objects.create(entry=clips[1], position=0, image=jpeg(), image_alt="", caption="After.")
    return listicle


def numbered(listicle):
    listicle = Listicle.objects.prefetch_related(*page_prefetches()).get(pk=listicle.pk)
    return listicle, listicle.numbered()


@pytest.mark.parametrize("numbering", ["list", "countdown"])
@pytest.mark.parametrize("poll", [None, "mine", "another"])
def test_the_python_entries_are_the_templates(article, numbering, poll):
    Listicle.objects.filter(pk=article.pk).update(numbering=numbering)
    listicle, entries = numbered(article)
    if poll:
        mine = entries[0][1].pk if poll == "mine" else -1
        poll = SimpleNamespace(mine=mine, question="Which one?")

    assert len(entries) == 54
    html = template_entries(entries, listicle, poll)
    assert str(entries_html(entries, listicle=listicle, poll=poll)) == html
    for shape in (
        "<picture",
        "video__poster",
        "video__still",
        'class="still"',
        "moment__credit",
        "entry__facts",
    ):
        assert shape in html  # every shape is there to compare
    assert html.count('aria-pressed="true"') == (poll is not None and poll.mine > 0)


def test_a_slug_no_address_takes_as_it_is_still_gets_its_address(article):
    """Addresses are built from a stand-in unless the slug needs `reverse()` itself."""
    from dramas.models import Drama

    Drama.objects.filter(pk=article.entries.first().drama_id).update(slug="ünïcode")
    listicle, entries = numbered(article)
    with pytest.raises(NoReverseMatch):  # what reverse() does with it, the page does too
        template_entries(entries, listicle, None)
    with pytest.raises(NoReverseMatch):
        entries_html(entries, listicle=listicle, poll=None)

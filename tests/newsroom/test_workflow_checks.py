"""Editorial checks: each problem named in an editor's words, in a fixed number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Entry
from newsroom.editorial_checks import editorial_problems, headline_number
from tests import factories

pytestmark = pytest.mark.django_db

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def image(name="still.gif"):
    return SimpleUploadedFile(name, GIF, content_type="image/gif")


def test_a_complete_listicle_has_no_problems():
    listicle = factories.ListicleFactory(title="2 Confessions We Still Rewatch")
    factories.full_entry(listicle, position=0)
    factories.full_entry(listicle, position=1)
    assert editorial_problems(listicle) == []


def test_no_entries_is_a_problem():
    assert editorial_problems(factories.ListicleFactory()) == ["There are no entries yet: add at least one."]


def test_missing_author_is_a_problem():
    listicle = factories.ListicleFactory(author=None)
    factories.EntryFactory(listicle=listicle)
    assert editorial_problems(listicle) == [
        "There is no author: choose who wrote it, readers see the byline."
    ]


def test_hero_image_without_alt_text_is_a_problem():
    listicle = factories.ListicleFactory(hero_image=image("hero.gif"), hero_alt=" ")
    factories.EntryFactory(listicle=listicle)
    assert editorial_problems(listicle) == [
        "The hero image has no alt text: describe it for readers who cannot see it."
    ]


def test_poster_without_alt_text_is_named_with_its_entry_and_drama():
    listicle = factories.ListicleFactory()
    factories.EntryFactory(listicle=listicle)
    goblin = factories.DramaFactory(title="Goblin", poster=image("poster.gif"), poster_alt="")
    factories.EntryFactory(listicle=listicle, drama=goblin)
    assert editorial_problems(listicle) == ["Entry 2 (Goblin): the poster of “Goblin” has no alt text."]


def test_scene_still_without_alt_text_is_a_problem():
    listicle = factories.ListicleFactory()
    entry = factories.EntryFactory(listicle=listicle, heading="The rooftop")
    scene = factories.SceneFactory(drama=entry.drama, title="Rooftop", still=image(), still_alt="")
    factories.EntrySceneFactory(entry=entry, scene=scene)
    assert editorial_problems(listicle) == [
        "Entry 1 (The rooftop): the still of the scene “Rooftop” has no alt text."
    ]


def test_quote_from_a_character_of_another_drama_is_a_problem():
    listicle = factories.ListicleFactory()
    coffee_prince = factories.DramaFactory(title="Coffee Prince")
    goblin_role = factories.RoleFactory(
        drama__title="Goblin", character="Kim Shin", actor=factories.ActorFactory(name="Gong Yoo")
    )
    factories.EntryFactory(
        listicle=listicle, drama=coffee_prince, quote="I like you.", quote_role=goblin_role
    )
    assert editorial_problems(listicle) == [
        "Entry 1 (Coffee Prince): the quote is attributed to Kim Shin (Gong Yoo) from “Goblin”, "
        "who is not in the cast of “Coffee Prince”."
    ]


def test_quote_without_a_speaker_is_a_problem():
    listicle = factories.ListicleFactory()
    factories.EntryFactory(listicle=listicle, drama__title="Goblin", quote="I love you.", quote_role=None)
    assert editorial_problems(listicle) == ["Entry 1 (Goblin): the quote has no speaker; choose who says it."]


def test_entry_without_a_drama_is_a_problem():
    listicle = factories.ListicleFactory()
    assert editorial_problems(listicle, entries=[Entry(listicle=listicle)]) == [
        "Entry 1 has no drama: choose the drama it is about."
    ]


@pytest.mark.parametrize(
    ("title", "entries", "expected"),
    [
        ("12 Most Memorable K-Drama Confession Scenes", 11, "promises 12 but there are 11 entries"),
        ("Top 3 Villains", 1, "promises 3 but there is 1 entry"),
    ],
)
def test_headline_number_must_match_the_entries(title, entries, expected):
    listicle = factories.ListicleFactory(title=title)
    factories.EntryFactory.create_batch(entries, listicle=listicle)
    [problem] = editorial_problems(listicle)
    assert expected in problem


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("12 Most Memorable K-Drama Confession Scenes", 12),
        ("top 10 OSTs", 10),
        ("2016 in Dramas: A Look Back", None),
        ("Reply 1988 Moments", None),
        ("Why We Love Goblin", None),
        ("", None),
    ],
)
def test_headline_number_reads_only_a_leading_count(title, number):
    assert headline_number(title) == number


def test_every_problem_is_reported_at_once():
    listicle = factories.ListicleFactory(title="5 Scenes", author=None)
    factories.EntryFactory(listicle=listicle, quote="Hello.")
    assert len(editorial_problems(listicle)) == 3


@pytest.mark.parametrize("count", [1, 8])
def test_checks_run_in_a_fixed_number_of_queries(django_assert_num_queries, count):
    listicle = factories.ListicleFactory()
    for position in range(count):
        factories.full_entry(listicle, position=position)
    with django_assert_num_queries(2):
        assert editorial_problems(listicle) == []

"""Import and export of listicles in the JSON interchange format."""

import json
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Author, Entry, EntryScene, Listicle, Status
from dramas.models import Actor, Drama, Role, Scene, WatchLink
from interchange import importer
from interchange.exporter import export_listicle
from interchange.problems import InterchangeError
from newsroom.imports import import_listicle
from newsroom.models import Transition
from reactions.models import Vote
from tests import factories

pytestmark = pytest.mark.django_db

CONFESSION = "I like you. Whether you're a man or an alien, I don't care anymore."
CLIP = "https://www.youtube.com/watch?v={}"


def coffee_prince():
    return {
        "title": "Coffee Prince",
        "native_title": "커피프린스 1호점",
        "year": 2007,
        "network": "MBC",
        "episodes": 17,
        "genres": ["romance", "comedy"],
        "cast": [
            {"actor": "Gong Yoo", "character": "Choi Han Gyul"},
            {"actor": "Yoon Eun Hye", "character": "Go Eun Chan", "billing": "lead"},
        ],
        "watch": [{"provider": "Viki", "url": "https://www.viki.com/tv/1c-coffee-prince"}],
    }


def goblin():
    return {
        "title": "Goblin",
        "year": 2016,
        "network": "tvN",
        "cast": [
            {"actor": "Gong Yoo", "character": "Kim Shin"},
            {"actor": "Kim Go Eun", "character": "Ji Eun Tak"},
        ],
        "watch": [{"provider": "Viki", "url": "https://www.viki.com/tv/2c-goblin"}],
    }


def healer():
    return {
        "title": "Healer",
        "cast": [
            {"actor": "Ji Chang Wook", "character": "Seo Jung Hoo"},
            {"actor": "Park Min Young", "character": "Chae Young Shin"},
        ],
    }


def document(**extra):
    """A valid file: three entries, one of them with two clips."""
    data = {
        "title": "Confessions we never forgot",
        "slug": "confessions",
        "dek": "The best of them.",
        "numbering": "ranked",
        "intro": "Sigh.",
        "outro": "Which one is yours?",
        "poll_question": "Which confession is your favourite?",
        "author": {"name": "binahearts", "bio": "Karaoke and dessert.", "instagram": "binahearts"},
        "tags": ["confessions", "romance"],
        "entries": [
            {
                "drama": coffee_prince(),
                "heading": None,
                "quote": CONFESSION,
                "quote_by": "Choi Han Gyul",
                "featuring": ["Choi Han Gyul", "Go Eun Chan"],
                "body": "He gives in.",
                "scenes": [
                    {"title": "The confession", "episode": 10, "video_url": CLIP.format("aaaaaaaaaaa")}
                ],
            },
            {
                "drama": goblin(),
                "quote": "I love you",
                "quote_by": "Ji Eun Tak",
                "featuring": ["Ji Eun Tak", "Kim Shin"],
                "scenes": [
                    {"title": "First try", "video_url": CLIP.format("bbbbbbbbbbb"), "caption": "Cute."},
                    {"title": "Second try", "video_url": CLIP.format("ccccccccccc"), "lead_in": "And then:"},
                ],
            },
            {"drama": healer(), "heading": "The rooftop", "featuring": ["Seo Jung Hoo"]},
        ],
    }
    return {**data, **extra}


def rows():
    """Every row of every table, to prove that something did or did not change."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed
    }


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def problems_of(data, **options):
    with pytest.raises(InterchangeError) as caught:
        import_listicle(data, **options)
    return caught.value.problems


# Importing


def test_import_creates_the_listicle_with_its_entries_and_knowledge_base():
    result = import_listicle(document())

    listicle = result.listicle
    assert (result.created, result.changed) == (True, True)
    assert listicle.title == "Confessions we never forgot"
    assert listicle.numbering == "ranked"
    assert listicle.status == Status.DRAFT and listicle.publish_at is None
    assert listicle.author.slug == "binahearts" and listicle.author.instagram == "binahearts"
    assert sorted(listicle.tags.names()) == ["confessions", "romance"]
    first, second, third = listicle.entries.all()
    assert first.drama.slug == "coffee-prince" and first.drama.native_title == "커피프린스 1호점"
    assert first.quote == CONFESSION and str(first.quote_role) == "Choi Han Gyul (Gong Yoo)"
    assert sorted(str(role) for role in first.featuring.all()) == [
        "Choi Han Gyul (Gong Yoo)",
        "Go Eun Chan (Yoon Eun Hye)",
    ]
    assert sorted(first.drama.tags.names()) == ["comedy", "romance"]
    assert [link.url for link in first.drama.watch_links.all()] == [
        "https://www.viki.com/tv/1c-coffee-prince"
    ]
    assert [(link.scene.title, link.scene.episode) for link in first.scene_links.all()] == [
        ("The confession", 10)
    ]
    assert [(link.scene.title, link.lead_in, link.caption) for link in second.scene_links.all()] == [
        ("First try", "", "Cute."),
        ("Second try", "And then:", ""),
    ]
    assert third.heading == "The rooftop" and third.quote_role is None
    assert Actor.objects.filter(name="Gong Yoo").count() == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    import_listicle(document())
    before = rows()

    with CaptureQueriesContext(connection) as queries:
        result = import_listicle(document())

    assert (result.created, result.changed) == (False, False)
    assert writes(queries.captured_queries) == []
    assert rows() == before


def test_dramas_and_actors_are_reused_across_listicles_and_never_duplicated():
    import_listicle(document())
    other = document(slug="goblin-moments", title="Goblin moments")
    cheese_in_the_trap = {
        "title": "Cheese in the Trap",
        "cast": [
            {"actor": "Kim Go Eun", "character": "Hong Seol"},
            {"actor": "Seo Kang Joon", "character": "Baek In Ho"},
        ],
    }
    other["entries"] = [
        {"drama": {"title": "Goblin", "cast": goblin()["cast"]}},
        {"drama": cheese_in_the_trap},
        {"drama": {"title": "Coffee Prince", "slug": "coffee-prince"}},
    ]

    result = import_listicle(other)

    assert result.created
    assert Drama.objects.count() == 4
    assert Actor.objects.filter(slug="kim-go-eun").count() == 1
    assert Actor.objects.count() == 6
    assert Role.objects.count() == 8
    # Keys a file leaves out do not wipe what another listicle's import set on a shared drama.
    assert Drama.objects.get(slug="goblin").network == "tvN"
    assert Drama.objects.get(slug="coffee-prince").watch_links.count() == 1


def test_a_drama_given_twice_in_one_file_is_merged_and_its_whole_cast_can_be_named():
    data = document()
    data["entries"][2] = {"drama": {"title": "Goblin"}, "quote_by": "Kim Shin", "featuring": ["Ji Eun Tak"]}

    listicle = import_listicle(data).listicle

    assert Drama.objects.filter(title="Goblin").count() == 1
    assert str(listicle.entries.all()[2].quote_role) == "Kim Shin (Gong Yoo)"


def test_a_reordered_file_keeps_each_entry_with_its_drama_and_removes_the_missing_ones():
    listicle = import_listicle(document()).listicle
    ids = list(listicle.entries.values_list("pk", flat=True))
    data = document()
    data["entries"] = [data["entries"][2], data["entries"][0]]

    result = import_listicle(data)

    entries = list(result.listicle.entries.all())
    assert result.changed
    assert [entry.pk for entry in entries] == [ids[2], ids[0]]
    assert [entry.drama.title for entry in entries] == ["Healer", "Coffee Prince"]
    assert [link.scene.title for link in entries[1].scene_links.all()] == ["The confession"]
    assert not entries[0].scene_links.exists()
    assert entries[0].quote == "" and entries[0].quote_role is None
    assert not Entry.objects.filter(pk=ids[1]).exists()
    # Knowledge-base rows another listicle may show are never deleted.
    assert Scene.objects.count() == 3 and Drama.objects.count() == 3


def test_an_entry_whose_drama_is_corrected_in_place_keeps_its_id():
    listicle = import_listicle(document()).listicle
    ids = list(listicle.entries.values_list("pk", flat=True))
    data = document()
    data["entries"][1] = {"drama": {"title": "Descendants of the Sun"}, "quote": "Corrected"}

    import_listicle(data)

    entries = list(listicle.entries.all())
    assert [entry.pk for entry in entries] == ids
    assert (entries[1].drama.title, entries[1].quote) == ("Descendants of the Sun", "Corrected")
    assert not entries[1].scene_links.exists()


def test_votes_stay_with_their_entry_when_a_file_reorders_the_entries():
    listicle = import_listicle(document()).listicle
    coffee, goblin, healer = listicle.entries.all()
    for number, entry in enumerate([coffee, goblin, goblin, healer, healer, healer]):
        Vote.objects.create(listicle=listicle, entry=entry, reader=f"{number:032d}")
    data = document()
    data["entries"].reverse()

    import_listicle(data)

    assert [entry.drama.title for entry in listicle.entries.all()] == ["Healer", "Goblin", "Coffee Prince"]
    votes = Counter(Vote.objects.values_list("entry__drama__title", flat=True))
    assert votes == {"Coffee Prince": 1, "Goblin": 2, "Healer": 3}


def test_new_entries_and_scenes_are_added_after_the_existing_ones():
    listicle = import_listicle(document()).listicle
    data = document()
    data["entries"][0]["scenes"].append({"title": "The hug", "video_url": CLIP.format("ddddddddddd")})
    data["entries"].append({"drama": {"title": "Reply 1988"}})

    import_listicle(data)

    assert [entry.drama.title for entry in listicle.entries.all()][-1] == "Reply 1988"
    links = listicle.entries.first().scene_links.all()
    assert [link.scene.title for link in links] == ["The confession", "The hug"]


def test_watch_links_of_a_drama_are_synchronised_to_the_list_given():
    import_listicle(document())
    first_link = WatchLink.objects.get(drama__slug="goblin")
    data = document()
    data["entries"][1]["drama"]["watch"] = [
        {"provider": "Netflix", "url": "https://www.netflix.com/title/1"},
        {"provider": "Viki", "url": "https://www.viki.com/tv/2c-goblin"},
    ]

    import_listicle(data)

    links = list(WatchLink.objects.filter(drama__slug="goblin"))
    assert [(link.provider, link.url) for link in links] == [
        ("Netflix", "https://www.netflix.com/title/1"),
        ("Viki", "https://www.viki.com/tv/2c-goblin"),
    ]
    assert links[0].pk == first_link.pk


def test_a_corrected_scene_title_updates_the_same_scene():
    import_listicle(document())
    scene = Scene.objects.get(title="The confession")
    data = document()
    data["entries"][0]["scenes"][0]["title"] = "The confession at the café"

    import_listicle(data)

    scene.refresh_from_db()
    assert scene.title == "The confession at the café"
    assert Scene.objects.count() == 3


def test_a_scene_without_a_video_is_matched_by_its_title():
    data = document()
    data["entries"][2]["scenes"] = [{"title": "The rooftop", "summary": "He tells her."}]
    import_listicle(data)
    data["entries"][2]["scenes"][0]["summary"] = "He finally tells her."

    import_listicle(data)

    assert list(Scene.objects.filter(drama__slug="healer").values_list("summary", flat=True)) == [
        "He finally tells her."
    ]


def test_tags_differing_only_in_case_change_nothing():
    import_listicle(document())

    result = import_listicle(document(tags=["Confessions", "ROMANCE"]))

    assert not result.changed


def test_a_changed_drama_field_counts_as_a_change_and_bumps_the_listicle():
    listicle = import_listicle(document()).listicle
    data = document()
    data["entries"][1]["drama"]["year"] = 2017

    result = import_listicle(data)

    assert result.changed
    assert Drama.objects.get(slug="goblin").year == 2017
    assert result.listicle.updated > listicle.updated


# Export and round trip


def build_listicle():
    """A listicle made in the admin's way, not through an import."""
    listicle = factories.PublishedListicleFactory(dek="Dek", intro="Intro *here*", poll_question="Which?")
    listicle.tags.add("romance", "Confessions")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    factories.EntrySceneFactory(entry=listicle.entries.first(), lead_in="Then:", position=99)
    factories.EntryFactory(listicle=listicle, heading="No quote", position=10)
    return listicle


def test_export_then_import_changes_nothing():
    listicle = build_listicle()
    exported = export_listicle(listicle)
    before = rows()

    with CaptureQueriesContext(connection) as queries:
        result = import_listicle(json.loads(json.dumps(exported)))

    assert (result.created, result.changed) == (False, False)
    assert result.listicle.pk == listicle.pk
    assert writes(queries.captured_queries) == []
    assert rows() == before
    assert export_listicle(listicle) == exported


def test_entries_sharing_a_position_import_their_export_unchanged():
    listicle = factories.ListicleFactory()
    for _ in range(3):
        factories.full_entry(listicle, position=0)
    exported = json.loads(json.dumps(export_listicle(listicle)))
    before = rows()

    result = import_listicle(exported)

    assert not result.changed
    assert rows() == before


def test_export_is_in_reading_order_with_a_fixed_key_order():
    listicle = build_listicle()

    exported = export_listicle(listicle)

    assert list(exported) == [
        "title", "slug", "dek", "numbering", "intro", "outro", "poll_question", "hero_alt",
        "allow_comments", "allow_reactions", "author", "tags", "status", "publish_at", "entries",
    ]  # fmt: skip
    assert exported["tags"] == ["Confessions", "romance"]
    assert [entry["heading"] for entry in exported["entries"]] == [None, None, None, "No quote"]
    first = exported["entries"][0]
    assert [scene["lead_in"] for scene in first["scenes"]] == ["Before the clip.", "Then:"]
    assert first["quote_by"] == first["drama"]["cast"][0]["character"]
    assert first["featuring"] == [member["character"] for member in first["drama"]["cast"]]
    assert exported["entries"][3]["quote_by"] is None
    assert exported["publish_at"] == listicle.publish_at.isoformat()


def test_export_reads_a_listicle_in_the_same_number_of_queries_whatever_its_length():
    small, large = factories.PublishedListicleFactory(), factories.PublishedListicleFactory()
    factories.full_entry(small)
    for position in range(6):
        factories.full_entry(large, position=position)

    with CaptureQueriesContext(connection) as small_queries:
        export_listicle(small)
    with CaptureQueriesContext(connection) as large_queries:
        export_listicle(large)

    assert len(large_queries) == len(small_queries)


def test_an_export_imports_into_an_empty_database_as_the_same_listicle():
    listicle = build_listicle()
    exported = export_listicle(listicle)
    for model in (EntryScene, Entry, Transition, Listicle, Scene, Role, WatchLink, Drama, Actor, Author):
        model.objects.all().delete()

    imported = import_listicle(exported).listicle

    assert export_listicle(imported) == exported


# Status and revisions


def test_importing_a_published_file_sets_status_and_writes_one_transition():
    data = document(status="published", publish_at="2017-05-12T18:00:00+09:00")

    listicle = import_listicle(data).listicle

    assert listicle.status == Status.PUBLISHED
    assert listicle.publish_at == datetime(2017, 5, 12, 9, tzinfo=UTC)
    assert listicle.first_published_at == listicle.publish_at
    transition = Transition.objects.get(listicle=listicle)
    assert (transition.from_status, transition.to_status) == (Status.DRAFT, Status.PUBLISHED)
    assert transition.by is None and transition.note == "Imported from file"
    assert transition.publish_at == listicle.publish_at


def test_a_status_change_on_import_writes_a_transition_and_keeps_first_published_at():
    listicle = import_listicle(document(status="published", publish_at="2017-05-12T09:00:00+00:00")).listicle
    first_published = listicle.first_published_at

    import_listicle(document(status="archived", publish_at="2017-05-12T09:00:00+00:00"))
    import_listicle(document(status="draft"))
    import_listicle(document(status="published", publish_at="2018-01-01T00:00:00Z"))

    listicle.refresh_from_db()
    assert listicle.first_published_at == first_published
    assert list(Transition.objects.filter(listicle=listicle).values_list("from_status", "to_status")) == [
        ("draft", "published"),
        ("archived", "draft"),
        ("published", "archived"),
        ("draft", "published"),
    ]


def test_an_import_follows_the_workflows_moves():
    """An archived listicle goes back to draft before it is published again, as in the admin."""
    import_listicle(document(status="published", publish_at="2017-05-12T09:00:00+00:00"))
    import_listicle(document(status="archived", publish_at="2017-05-12T09:00:00+00:00"))
    before = rows()

    problems = problems_of(document(status="published", publish_at="2018-01-01T00:00:00Z", dek="New"))

    assert problems == [
        "status: “Confessions we never forgot” is archived, so it cannot move to Published. "
        "From there it can move to: Draft."
    ]
    assert rows() == before


def test_a_published_listicle_is_not_sent_to_review_by_a_file():
    import_listicle(document(status="published", publish_at="2017-05-12T09:00:00+00:00"))
    before = rows()

    assert problems_of(document(status="review")) == [
        "status: “Confessions we never forgot” is published, so it cannot move to In review. "
        "From there it can move to: Draft, Archived."
    ]
    assert rows() == before


def test_a_new_listicle_cannot_be_imported_straight_into_the_archive():
    problems = problems_of(document(status="archived"))

    assert problems == [
        "status: “Confessions we never forgot” is a draft, so it cannot move to Archived. "
        "From there it can move to: In review, Published."
    ]
    assert not Listicle.objects.exists()


def failing_check(**extra):
    """A file to publish whose headline promises 12 entries but gives 3."""
    return document(
        title="12 Confessions", status="published", publish_at="2017-05-12T09:00:00+00:00", **extra
    )


def test_publishing_a_new_listicle_that_fails_a_check_is_refused_and_writes_nothing():
    before = rows()

    problems = problems_of(failing_check())

    assert problems == [
        "status: The headline promises 12 but there are 3 entries: fix the title or the entries."
    ]
    assert rows() == before


def test_publishing_an_existing_draft_that_fails_a_check_is_refused_and_changes_nothing():
    import_listicle(document())
    before = rows()

    problems = problems_of(failing_check(dek="Changed too"))

    assert problems == [
        "status: The headline promises 12 but there are 3 entries: fix the title or the entries."
    ]
    assert rows() == before


def test_skip_checks_publishes_anyway_and_the_transition_says_so():
    listicle = import_listicle(failing_check(), skip_checks=True).listicle

    assert listicle.status == Status.PUBLISHED and listicle.is_live
    transition = Transition.objects.get(listicle=listicle)
    assert (transition.from_status, transition.to_status, transition.by) == ("draft", "published", None)
    assert transition.note == (
        "Imported from file\nEditorial checks skipped. They found: "
        "The headline promises 12 but there are 3 entries: fix the title or the entries."
    )


def test_a_new_publication_time_reschedules_in_one_transition():
    listicle = import_listicle(document(status="published", publish_at="2099-05-12T09:00:00+00:00")).listicle

    result = import_listicle(document(status="published", publish_at="2099-06-01T09:00:00+00:00"))

    listicle.refresh_from_db()
    assert result.changed
    assert listicle.publish_at == listicle.first_published_at == datetime(2099, 6, 1, 9, tzinfo=UTC)
    assert list(
        listicle.transitions.order_by("id").values_list("from_status", "to_status", "publish_at")
    ) == [
        ("draft", "published", datetime(2099, 5, 12, 9, tzinfo=UTC)),
        ("published", "published", datetime(2099, 6, 1, 9, tzinfo=UTC)),
    ]


def test_a_drafts_publication_time_is_left_to_the_workflow():
    """Only publishing sets `publish_at`: a draft's file cannot move it."""
    listicle = import_listicle(document()).listicle

    result = import_listicle(document(publish_at="2017-05-12T09:00:00+00:00"))

    listicle.refresh_from_db()
    assert not result.changed
    assert listicle.publish_at is None
    assert not listicle.transitions.exists()


def test_the_interchange_import_leaves_status_and_dates_alone():
    listicle = factories.PublishedListicleFactory(slug="confessions")
    publish_at, first_published_at = listicle.publish_at, listicle.first_published_at

    result = importer.import_listicle(document(status="draft"))

    listicle.refresh_from_db()
    assert result.changed
    assert listicle.status == Status.PUBLISHED
    assert (listicle.publish_at, listicle.first_published_at) == (publish_at, first_published_at)
    assert not Transition.objects.exists()
    assert listicle.title == "Confessions we never forgot"


def test_into_updates_that_listicle_even_when_the_slug_differs():
    listicle = factories.ListicleFactory(slug="renamed-since")
    snapshot = export_listicle(listicle)
    snapshot["slug"] = "original-slug"
    snapshot["title"] = "Restored title"

    result = importer.import_listicle(snapshot, into=listicle)

    assert result.listicle is listicle and not result.created
    assert listicle.slug == "original-slug" and listicle.title == "Restored title"
    assert Listicle.objects.count() == 1


def test_into_refuses_a_slug_another_listicle_uses_and_writes_nothing():
    factories.ListicleFactory(slug="confessions")
    listicle = factories.ListicleFactory(slug="mine")
    before = rows()

    problems = problems_of(document(), into=listicle)

    assert problems == ['slug: "confessions" is already used by another listicle']
    assert rows() == before


# Invalid files


def drop(key, path=()):
    def mutate(data):
        target = data
        for part in path:
            target = target[part]
        target.pop(key)

    return mutate


def put(value, *path):
    def mutate(data):
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (drop("title", ("entries", 1, "drama")), "entries[1].drama.title: required"),
        (drop("title"), "title: required"),
        (drop("entries"), "entries: required"),
        (put("   ", "title"), "title: required"),
        (put(None, "entries", 0, "drama"), "entries[0].drama: required"),
        (put("top", "numbering"), "numbering: must be one of list, ranked, countdown"),
        (put("live", "status"), "status: must be one of draft, review, published, archived"),
        (put(1, "entries", 1, "fooo"), "entries[1].fooo: unknown key"),
        (put(1, "colour"), "colour: unknown key"),
        (put(1, "entries", 0, "drama", "cast", 1, "age"), "entries[0].drama.cast[1].age: unknown key"),
        (put(1, "entries", 1, "scenes", 0, "still"), "entries[1].scenes[0].still: unknown key"),
        (put(1, "author", "avatar"), "author.avatar: unknown key"),
        (
            put("https://example.com/watch?v=aaaaaaaaaaa", "entries", 1, "scenes", 1, "video_url"),
            "entries[1].scenes[1].video_url: Enter a YouTube, Viki or Vimeo video link, "
            "such as https://www.youtube.com/watch?v=…",
        ),
        (
            put("Kim Tan", "entries", 1, "quote_by"),
            'entries[1].quote_by: "Kim Tan" is not in the cast of Goblin',
        ),
        (
            put(["Kim Shin", "Kim Tan"], "entries", 1, "featuring"),
            'entries[1].featuring[1]: "Kim Tan" is not in the cast of Goblin',
        ),
        (
            put(["Kim Shin", "Kim Shin"], "entries", 1, "featuring"),
            'entries[1].featuring[1]: "Kim Shin" is listed twice, first at [0]',
        ),
        (
            lambda data: data["entries"][1]["drama"]["cast"].append(
                {"actor": "Lee Dong Wook", "character": "Kim Shin"}
            ),
            'entries[1].drama.cast[2].character: "Kim Shin" is listed twice in this cast',
        ),
        (put("x" * 201, "title"), "title: Ensure this value has at most 200 characters (it has 201)."),
        (
            put("Not a slug!", "slug"),
            "slug: Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
        ),
        (put("2016", "entries", 1, "drama", "year"), "entries[1].drama.year: must be a whole number"),
        (put(True, "entries", 1, "drama", "episodes"), "entries[1].drama.episodes: must be a whole number"),
        (
            put(1800, "entries", 1, "drama", "year"),
            "entries[1].drama.year: Ensure this value is greater than or equal to 1950.",
        ),
        (put(12, "dek"), "dek: must be a string"),
        (put("yes", "allow_comments"), "allow_comments: must be true or false"),
        (put({}, "entries"), "entries: must be a list"),
        (put("romance", "tags"), "tags: must be a list of strings"),
        (put(["romance", "Romance"], "tags"), 'tags[1]: "Romance" is listed twice, first at [0]'),
        (put(["romance", " "], "tags"), "tags[1]: must not be blank"),
        (put([], "entries", 2), "entries[2]: must be an object"),
        (
            put("@bina", "author", "instagram"),
            "author.instagram: Enter an Instagram handle without @ or link, such as binahearts.",
        ),
        (
            put("Netflicks", "entries", 0, "drama", "watch", 0, "provider"),
            "entries[0].drama.watch[0].provider: must be one of Viki, Netflix, Disney+, Kocowa, "
            "Prime Video, Apple TV+, TVING, Wavve, Other",
        ),
        (
            put("viki.com/goblin", "entries", 1, "drama", "watch", 0, "url"),
            "entries[1].drama.watch[0].url: Enter a valid URL.",
        ),
        (
            put("2017-05-12T09:00:00", "publish_at"),
            "publish_at: must include a time zone, such as 2017-05-12T09:00:00+00:00",
        ),
        (
            put("next friday", "publish_at"),
            "publish_at: must be an ISO 8601 date and time such as 2017-05-12T09:00:00+00:00",
        ),
        (put("published", "status"), "publish_at: required when status is published"),
        (
            put("superstar", "entries", 0, "drama", "cast", 0, "billing"),
            "entries[0].drama.cast[0].billing: must be one of lead, supporting, cameo",
        ),
        (
            put({"title": "도깨비"}, "entries", 1, "drama"),
            'entries[1].drama.slug: required, since the title "도깨비" gives no slug',
        ),
        (
            put({"drama": {"title": "Goblin", "year": 2017}}, "entries", 2),
            'entries[2].drama.year: differs from entries[1].drama.year for drama "goblin"',
        ),
    ],
)
def test_an_invalid_file_names_the_json_path_of_the_problem(mutate, problem):
    data = document()
    mutate(data)

    assert problems_of(data) == [problem]


def test_a_file_that_is_not_an_object_is_refused():
    assert problems_of([document()]) == ["file: must be an object"]


def test_every_problem_is_reported_at_once():
    data = document(numbering="top", fooo=1)
    data["entries"][0]["quote_by"] = "Nobody"
    data["entries"][2]["drama"].pop("title")

    assert problems_of(data) == [
        "fooo: unknown key",
        "numbering: must be one of list, ranked, countdown",
        "entries[2].drama.title: required",
        'entries[0].quote_by: "Nobody" is not in the cast of Coffee Prince',
    ]


def test_a_failed_import_writes_nothing_to_any_table():
    import_listicle(document())
    before = counts()
    data = document(title="Changed title")
    data["entries"].append(
        {"drama": {"title": "New drama"}, "scenes": [{"title": "x", "video_url": "ftp://x"}]}
    )

    with pytest.raises(InterchangeError):
        import_listicle(data)

    assert counts() == before
    assert Listicle.objects.get().title == "Confessions we never forgot"


def test_a_character_cannot_be_given_to_another_actor_than_the_knowledge_base_has():
    goblin_drama = factories.DramaFactory(title="Goblin", slug="goblin")
    factories.RoleFactory(drama=goblin_drama, character="Kim Shin", actor__name="Lee Min Ho")
    before = counts()

    assert problems_of(document()) == [
        "entries[1].drama.cast[0].actor: Goblin already has Kim Shin played by Lee Min Ho"
    ]
    assert counts() == before


def test_a_character_the_knowledge_base_already_gives_to_that_actor_is_accepted():
    goblin_drama = factories.DramaFactory(title="Goblin", slug="goblin")
    factories.RoleFactory(drama=goblin_drama, character="Kim Shin", actor__name="Lee Min Ho")
    gong_yoo = factories.ActorFactory(name="Gong Yoo", slug="gong-yoo")
    role = factories.RoleFactory(drama=goblin_drama, character="Kim Shin", actor=gong_yoo)

    listicle = import_listicle(document()).listicle

    assert listicle.entries.all()[1].featuring.filter(pk=role.pk).exists()


def test_a_hero_image_without_alt_text_is_refused():
    listicle = factories.ListicleFactory(slug="confessions", hero_alt="A café")
    Listicle.objects.filter(pk=listicle.pk).update(hero_image="listicles/hero.jpg")

    assert problems_of(document()) == ["hero_alt: Describe the image for readers who cannot see it."]


# Commands


def test_import_command_reports_created_then_unchanged_then_updated(tmp_path, capsys):
    path = tmp_path / "listicle.json"
    path.write_text(json.dumps(document()), encoding="utf-8")

    call_command("import_listicle", str(path))
    call_command("import_listicle", str(path))
    path.write_text(json.dumps(document(title="New title")), encoding="utf-8")
    call_command("import_listicle", str(path))

    listicle = Listicle.objects.get()
    assert capsys.readouterr().out.splitlines() == [
        f'Created "Confessions we never forgot" (id {listicle.pk}, 3 entries)',
        f'Unchanged "Confessions we never forgot" (id {listicle.pk}, 3 entries)',
        f'Updated "New title" (id {listicle.pk}, 3 entries)',
    ]


def test_import_command_keeps_a_revision_of_each_import_that_changed_something(tmp_path):
    path = tmp_path / "listicle.json"
    path.write_text(json.dumps(document()), encoding="utf-8")

    call_command("import_listicle", str(path))
    call_command("import_listicle", str(path))
    path.write_text(json.dumps(document(title="New title")), encoding="utf-8")
    call_command("import_listicle", str(path))

    summaries = list(
        Listicle.objects.get().revisions.order_by("id").values_list("snapshot__title", "summary")
    )
    assert summaries == [
        ("Confessions we never forgot", "Imported from file"),
        ("New title", "Imported from file"),
    ]


def test_import_command_refuses_invalid_json_with_its_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x",\n  "slug": }', encoding="utf-8")

    with pytest.raises(CommandError, match=r"invalid JSON at line 2, column 11: Expecting value"):
        call_command("import_listicle", str(path))
    assert not Listicle.objects.exists()


def test_import_command_refuses_a_missing_file_clearly(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.json: no such file"):
        call_command("import_listicle", str(tmp_path / "missing.json"))


def test_import_command_lists_every_problem_and_writes_nothing(tmp_path):
    data = document(numbering="top")
    data["entries"][1]["drama"].pop("title")
    path = tmp_path / "listicle.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = counts()

    with pytest.raises(CommandError) as caught:
        call_command("import_listicle", str(path))

    message = str(caught.value)
    assert "numbering: must be one of list, ranked, countdown" in message
    assert "entries[1].drama.title: required" in message
    assert counts() == before


def test_import_command_refuses_to_publish_what_fails_a_check(tmp_path):
    path = tmp_path / "listicle.json"
    path.write_text(json.dumps(failing_check()), encoding="utf-8")
    before = rows()

    with pytest.raises(CommandError) as caught:
        call_command("import_listicle", str(path))

    assert str(caught.value) == (
        f"Nothing was imported from {path}:\n"
        "  status: The headline promises 12 but there are 3 entries: fix the title or the entries.\n"
        "Fix the file, or pass --skip-checks to publish it anyway."
    )
    assert rows() == before


def test_import_command_with_skip_checks_publishes_and_records_it(tmp_path, capsys):
    path = tmp_path / "listicle.json"
    path.write_text(json.dumps(failing_check()), encoding="utf-8")

    call_command("import_listicle", str(path), "--skip-checks")

    listicle = Listicle.objects.get()
    assert listicle.is_live
    assert "Editorial checks skipped." in listicle.transitions.get().note
    assert capsys.readouterr().out.startswith('Created "12 Confessions"')


def test_export_command_prints_json_that_imports_back_unchanged(tmp_path, capsys):
    import_listicle(document(title="Idol confessions ♥", slug="idols"))

    call_command("export_listicle", "idols")
    printed = capsys.readouterr().out
    path = tmp_path / "export.json"
    path.write_text(printed, encoding="utf-8")
    call_command("import_listicle", str(path))

    assert "Idol confessions ♥" in printed and printed.startswith('{\n  "title"')
    assert json.loads(printed) == export_listicle(Listicle.objects.get())
    assert capsys.readouterr().out.startswith('Unchanged "Idol confessions ♥"')


def test_export_command_refuses_an_unknown_slug():
    with pytest.raises(CommandError, match='No listicle has the slug "nope"'):
        call_command("export_listicle", "nope")


def test_import_command_counts_a_single_entry_in_the_singular(tmp_path, capsys):
    data = document()
    data["entries"] = data["entries"][:1]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    call_command("import_listicle", str(path))

    assert capsys.readouterr().out.strip().endswith(", 1 entry)")

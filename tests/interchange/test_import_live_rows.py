"""An import obeys the live-row rule: a file cannot change a drama, cast, scene or watch link that a
published (or scheduled) article shows; only the admin's review can. It names the JSON path and
writes nothing, unless nothing a live article shows changes."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Listicle
from dramas.models import Drama, Scene, WatchLink
from interchange import importer
from interchange.exporter import export_listicle
from interchange.problems import InterchangeError
from newsroom.imports import import_listicle
from tests import factories

pytestmark = pytest.mark.django_db

SLUG = "12-most-memorable-k-drama-confession-scenes"
TITLE = "12 Most Memorable K-Drama Confession Scenes"


def rows():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed
    }


def import_file(tmp_path, data):
    path = tmp_path / "listicle.json"
    path.write_text(json.dumps(data))
    output = io.StringIO()
    call_command("import_listicle", str(path), stdout=output)
    return output.getvalue()


@pytest.fixture
def demo(settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("loaddemo")
    capsys.readouterr()
    return Listicle.objects.get(slug=SLUG)


@pytest.fixture
def exported(demo):
    return json.loads(json.dumps(export_listicle(demo)))


def test_importing_the_demos_own_export_changes_nothing_and_succeeds(tmp_path, demo, exported):
    before = rows()

    output = import_file(tmp_path, exported)

    assert output.startswith(f'Unchanged "{TITLE}"')
    assert rows() == before


def test_a_file_retitling_a_drama_the_live_demo_shows_is_refused_naming_the_path(tmp_path, demo, exported):
    assert exported["entries"][3]["drama"]["title"] == "Goblin"
    exported["entries"][3]["drama"]["title"] = "Goblin: The Lonely and Great God"
    exported["intro"] = "A new intro, which is the article's own."
    before = rows()

    with pytest.raises(CommandError) as refused:
        import_file(tmp_path, exported)

    message = str(refused.value)
    assert message.startswith("Nothing was imported")
    (problem,) = [line.strip() for line in message.splitlines() if line.strip().startswith("entries")]
    assert problem.startswith(
        f'entries[3].drama.title: "Goblin" is shown by the live articles "{TITLE}" and '
    )
    assert problem.endswith("; change it through the admin's review")
    assert rows() == before


def test_cast_watch_links_and_scenes_of_a_live_article_are_refused_each_at_its_path(demo, exported):
    goblin = exported["entries"][3]
    goblin["drama"]["cast"][0]["billing"] = "cameo"
    goblin["drama"]["watch"] = [{"provider": "Viki", "url": "https://evil.example/watch"}]
    clip = next(index for index, item in enumerate(goblin["scenes"]) if "image" not in item)
    goblin["scenes"][clip]["title"] = "Renamed scene"
    goblin["scenes"][clip]["summary"] = "Rewritten summary"
    before = rows()

    with pytest.raises(InterchangeError) as refused:
        import_listicle(exported)

    paths = [problem.split(":")[0] for problem in refused.value.problems]
    assert paths == [
        "entries[3].drama.watch",
        "entries[3].drama.cast[0].billing",
        f"entries[3].scenes[{clip}].title",
        f"entries[3].scenes[{clip}].summary",
    ]
    assert rows() == before


def test_a_file_for_another_article_cannot_change_a_drama_a_live_article_shows(tmp_path):
    live = factories.PublishedListicleFactory(title="Live confessions")
    entry = factories.full_entry(live)
    drama = entry.drama
    data = {
        "title": "A draft",
        "slug": "a-draft",
        "entries": [
            {
                "drama": {
                    "title": drama.title,
                    "slug": drama.slug,
                    "watch": [{"provider": "Viki", "url": "https://x.example/"}],
                }
            }
        ],
    }

    with pytest.raises(CommandError) as refused:
        import_file(tmp_path, data)

    assert f'entries[0].drama.watch: "{drama.title}" is shown by the live article "Live confessions"' in str(
        refused.value
    )
    assert not Listicle.objects.filter(slug="a-draft").exists()
    assert list(WatchLink.objects.filter(drama=drama).values_list("url", flat=True)) != ["https://x.example/"]


def test_a_drama_only_drafts_show_and_the_live_articles_own_text_still_import(demo, exported):
    draft = factories.ListicleFactory()
    unshown = factories.full_entry(draft).drama
    exported["intro"] = "A corrected intro."
    exported["entries"][3]["body"] = "A corrected body."
    exported["entries"].append({"drama": {"title": "Retitled", "slug": unshown.slug}})
    exported["title"] = "13 Most Memorable K-Drama Confession Scenes"

    result = importer.import_listicle(exported)

    assert result.changed
    assert Drama.objects.get(pk=unshown.pk).title == "Retitled"
    assert result.listicle.intro == "A corrected intro."


def test_an_editor_restoring_or_merging_may_change_a_row_a_live_article_shows(editor):
    live = factories.PublishedListicleFactory()
    scene = factories.full_entry(live).scene_links.get().scene
    draft = factories.ListicleFactory(slug="draft")
    data = {
        "title": "Draft",
        "slug": "draft",
        "entries": [
            {
                "drama": {"title": scene.drama.title, "slug": scene.drama.slug},
                "scenes": [{"title": scene.title, "video_url": scene.video_url, "summary": "Better summary"}],
            }
        ],
    }

    with pytest.raises(InterchangeError):
        importer.import_listicle(data, into=draft, editor=factories.UserFactory(is_staff=True))
    importer.import_listicle(data, into=draft, editor=editor)

    assert Scene.objects.get(pk=scene.pk).summary == "Better summary"


def test_loading_the_demo_again_keeps_an_editors_correction_of_a_live_drama(demo):
    Drama.objects.filter(slug="goblin").update(title="Guardian: The Lonely and Great God")
    WatchLink.objects.filter(drama__slug="goblin").update(url="https://www.viki.com/tv/corrected")

    call_command("loaddemo", verbosity=0)

    goblin = Drama.objects.get(slug="goblin")
    assert goblin.title == "Guardian: The Lonely and Great God"
    assert [link.url for link in goblin.watch_links.all()] == ["https://www.viki.com/tv/corrected"]


def test_renaming_an_actor_a_live_article_credits_is_refused_at_the_cast_path():
    live = factories.PublishedListicleFactory(title="Live confessions")
    role = factories.full_entry(live).quote_role
    data = {
        "title": "A draft",
        "slug": "a-draft",
        "entries": [
            {
                "drama": {
                    "title": role.drama.title,
                    "slug": role.drama.slug,
                    "cast": [
                        {"actor": "Renamed", "actor_slug": role.actor.slug, "character": role.character}
                    ],
                }
            }
        ],
    }

    with pytest.raises(InterchangeError) as refused:
        import_listicle(data)

    assert refused.value.problems == [
        f'entries[0].drama.cast[0].actor: "{role.actor.name}" is shown by the live article '
        '"Live confessions"; change it through the admin\'s review'
    ]
    assert not Listicle.objects.filter(slug="a-draft").exists()

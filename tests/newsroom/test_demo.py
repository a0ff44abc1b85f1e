"""The demo content and the `loaddemo` command."""

import io
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from articles.models import Listicle, Status
from dramas.models import Actor
from dramas.video import parse_video_url
from newsroom.models import Transition

pytestmark = pytest.mark.django_db

SLUG = "12-most-memorable-k-drama-confession-scenes"
DEMO_FILE = Path(__file__).resolve().parents[2] / "newsroom" / "demo" / "confession-scenes.json"
SEED_ORDER = [
    "Coffee Prince",
    "Descendants of the Sun",
    "Strong Woman Do Bong Soon",
    "Goblin",
    "Moonlight Drawn by Clouds",
    "Reply 1988",
    "Weightlifting Fairy Kim Bok Joo",
    "Reply 1997",
    "My Love From the Star",
    "Healer",
    "Cheese in the Trap",
    "Kill Me, Heal Me",
]
TWO_CLIPS = {"Descendants of the Sun", "Moonlight Drawn by Clouds", "Reply 1988"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The demo accounts' passwords are hashed on every run; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(capsys):
    call_command("loaddemo")
    capsys.readouterr()
    return Listicle.objects.for_page().get(slug=SLUG)


def rows():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed
    }


def test_demo_article_is_published_and_live_with_its_twelve_entries_in_seed_order(demo):
    assert demo.title == "12 Most Memorable K-Drama Confession Scenes"
    assert demo.status == Status.PUBLISHED and demo.numbering == "list"
    assert demo.publish_at.isoformat() == "2017-05-12T09:00:00+00:00"
    assert Listicle.objects.published().filter(pk=demo.pk).exists()
    assert [entry.drama.title for entry in demo.entries.all()] == SEED_ORDER
    assert demo.poll_question == "Which confession is your favourite?"
    assert demo.author.name == "binahearts" and demo.author.instagram == "binahearts"
    assert "favourite" in demo.outro and "comments" in demo.outro


def test_demo_keeps_the_coffee_prince_quote_and_its_credit(demo):
    coffee_prince, goblin = demo.entries.all()[0], demo.entries.all()[3]

    assert coffee_prince.quote == "I like you. Whether you're a man or an alien, I don't care anymore."
    assert str(coffee_prince.quote_role) == "Choi Han Gyul (Gong Yoo)"
    assert sorted(str(role) for role in coffee_prince.featuring.all()) == [
        "Choi Han Gyul (Gong Yoo)",
        "Go Eun Chan (Yoon Eun Hye)",
    ]
    assert goblin.quote == "I love you" and str(goblin.quote_role) == "Ji Eun Tak (Kim Go Eun)"


def test_every_demo_entry_has_a_couple_a_viki_link_and_youtube_clips(demo):
    for entry in demo.entries.all():
        clips = [link.scene for link in entry.scene_links.all() if link.scene_id]
        assert len(clips) == (2 if entry.drama.title in TWO_CLIPS else 1), entry.drama.title
        assert all(parse_video_url(scene.video_url).provider == "YouTube" for scene in clips)
        assert len(entry.featuring.all()) == 2
        (watch,) = entry.drama.watch_links.all()
        assert watch.provider == "Viki"
        assert re.fullmatch(r"https://www\.viki\.com/tv/\d+c-[a-z0-9-]+", watch.url)
        assert entry.drama.native_title and entry.drama.year and entry.drama.network


def test_demo_shares_actors_between_dramas(demo):
    assert Actor.objects.get(name="Gong Yoo").roles.count() == 2
    assert Actor.objects.get(name="Kim Go Eun").roles.count() == 2


def test_demo_publication_is_recorded_once_as_an_import():
    call_command("loaddemo", verbosity=0)
    call_command("loaddemo", verbosity=0)

    (transition,) = Transition.objects.filter(listicle__slug=SLUG)
    assert (transition.from_status, transition.to_status) == (Status.DRAFT, Status.PUBLISHED)
    assert transition.note == "Imported from file"


def test_loaddemo_prints_the_admin_url_and_the_demo_credentials(capsys):
    call_command("loaddemo")

    out = capsys.readouterr().out
    assert 'Created "12 Most Memorable K-Drama Confession Scenes"' in out
    assert "http://127.0.0.1:8000/admin/" in out
    assert "editor / soompi-editor-demo  (Editors; sets up two-factor sign-in on the first visit" in out
    assert "writer / soompi-writer-demo  (Writers, writes as binahearts)" in out


def test_loaddemo_creates_staff_accounts_in_their_groups():
    call_command("loaddemo", verbosity=0)

    User = get_user_model()
    editor, writer = User.objects.get(username="editor"), User.objects.get(username="writer")
    assert editor.is_staff and not editor.is_superuser
    assert editor.check_password("soompi-editor-demo")
    assert editor.has_perm("articles.publish_listicle")
    assert writer.is_staff and writer.check_password("soompi-writer-demo")
    assert list(writer.groups.values_list("name", flat=True)) == ["Writers"]
    assert not writer.has_perm("articles.publish_listicle")
    assert writer.author.slug == "binahearts"


def test_loaddemo_takes_the_editor_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "a-longer-local-secret")

    call_command("loaddemo")

    assert get_user_model().objects.get(username="editor").check_password("a-longer-local-secret")
    assert "editor / a-longer-local-secret" in capsys.readouterr().out


def test_running_loaddemo_twice_changes_nothing_and_keeps_passwords(capsys):
    call_command("loaddemo")
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("changed-by-the-editor")
    editor.save()
    before = rows()
    capsys.readouterr()

    with CaptureQueriesContext(connection) as queries:
        call_command("loaddemo")

    out = capsys.readouterr().out
    assert rows() == before
    assert not [
        q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert 'Unchanged "12 Most Memorable K-Drama Confession Scenes"' in out
    assert "editor / (existing account: its password was changed and is left as it is)" in out
    assert "writer / soompi-writer-demo" in out  # untouched demo password: still worth printing
    assert "soompi-editor-demo" not in out
    assert get_user_model().objects.get(username="editor").check_password("changed-by-the-editor")


def test_demo_text_is_written_afresh_not_copied_from_the_reference_article():
    """Apart from the two quotes the design requires, no sentence of the reference article is reused."""
    seed = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "confession-scenes-article.txt"
    if not seed.exists():
        pytest.skip("the reference article is not beside the repository")
    quotes = {"I like you. Whether you're a man or an alien, I don't care anymore."}
    demo_text = " ".join(
        json.dumps(json.loads(DEMO_FILE.read_text(encoding="utf-8")), ensure_ascii=False).split()
    )
    normalised = seed.read_text(encoding="utf-8").replace("’", "'").replace("“", '"').replace("”", '"')
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(normalised.split()))]
    copied = [s for s in sentences if len(s) > 40 and s not in quotes and s in demo_text]
    assert copied == []


@pytest.fixture
def demo_committed(capsys, django_capture_on_commit_callbacks):
    """The demo as `make run` loads it: committed, so its pictures' renditions are made."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo")
    capsys.readouterr()
    return Listicle.objects.for_page().get(slug=SLUG)


def test_demo_article_shows_a_hero_rendition_an_entry_gif_a_still_and_related_cards(client, demo_committed):
    from django.core.files.storage import default_storage

    demo = demo_committed

    items = [link for entry in demo.entries.all() for link in entry.scene_links.all() if not link.scene_id]
    assert sorted(link.image.name for link in items) == [
        "entries/demo/goblin-first-snow.jpg",
        "entries/demo/moonlight-gazes.gif",
    ]
    assert all(link.image_alt and default_storage.exists(link.image.name) for link in items)
    assert demo.hero_image and demo.hero_alt

    html = client.get(demo.get_absolute_url()).content.decode()

    assert re.search(r'<source type="image/webp" srcset="/media/renditions/listicles/12-most', html)
    assert "data-animation-toggle" in html
    section = html[html.index('<section class="related"') :]
    assert '5 <span class="nowrap">K-Drama</span> Couples Who Were Clearly Meant to Be' in section
    assert "4 Rom-Com Confessions That Made Us Laugh Before We Cried" in section


def test_demo_pictures_are_made_once_and_an_editors_own_upload_is_kept(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dramas.models import Drama

    goblin = Drama.objects.get(slug="goblin")
    poster = goblin.poster.name
    assert goblin.poster_alt

    coffee = Drama.objects.get(slug="coffee-prince")
    own = io.BytesIO()
    Image.new("RGB", (60, 90), "navy").save(own, "PNG")
    coffee.poster = SimpleUploadedFile("mine.png", own.getvalue(), content_type="image/png")
    coffee.save()
    call_command("loaddemo", verbosity=0)

    assert Drama.objects.get(slug="goblin").poster.name == poster
    assert Drama.objects.get(slug="coffee-prince").poster.name.startswith("dramas/posters/mine")

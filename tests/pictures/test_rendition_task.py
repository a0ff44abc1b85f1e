"""Renditions are made off the request path: saving an image queues one task once the save
commits; pages never encode and show the original until the task has made them and purged them."""

import io
import logging
import os
import re
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageSequence

import frontend_cache
from articles.models import EntryScene, Listicle
from dramas.models import Drama
from pictures import renditions, tasks
from pictures.models import Image as LibraryImage
from tests import factories

pytestmark = pytest.mark.django_db


def jpeg(name="hero.jpg", size=(1200, 675)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def gif(size, durations=(80, 120, 160, 200), loop=0):
    colours = ("red", "green", "blue", "white", "black", "yellow")
    frames = [Image.new("RGB", size, colour) for colour in colours[: len(durations)]]
    buffer = io.BytesIO()
    options = {} if loop is None else {"loop": loop}
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=list(durations), **options
    )
    return buffer.getvalue()


@pytest.fixture
def queued(monkeypatch):
    """The names the task was queued for (not run)."""
    names = []
    monkeypatch.setattr(tasks.make_renditions_of, "delay", names.append)
    return names


@pytest.fixture
def purged(settings, monkeypatch):
    settings.FRONTEND_CACHE_BACKENDS = ["nginx"]
    settings.FRONTEND_CACHE_NGINX_URL = "http://127.0.0.1:9"
    settings.FRONTEND_CACHE_BASE_URLS = ["http://testserver"]
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 0
    paths = set()
    monkeypatch.setattr(
        frontend_cache, "purge", lambda urls: paths.update(u.removeprefix("http://testserver") for u in urls)
    )
    return paths


@pytest.fixture
def no_encoding(monkeypatch):
    """Any encode or decode of pixels fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("an image was encoded")

    monkeypatch.setattr(renditions, "make", refuse)
    monkeypatch.setattr(renditions, "encode", refuse)


# Queued once, after commit.


def test_saving_an_image_queues_exactly_one_task_once_the_save_commits(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listicle = factories.PublishedListicleFactory(hero_image=jpeg(), hero_alt="A hug")
        listicle.hero_alt = "A long hug"
        listicle.save()  # saved again in the same transaction: still one task
        assert queued == []  # nothing before the commit

    assert queued == [listicle.hero_image.name]


def test_a_rolled_back_save_queues_nothing(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        factories.DramaFactory(poster=jpeg("poster.jpg"), poster_alt="A poster")
        raise RuntimeError("the editor's save failed")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            factories.ActorFactory(photo=jpeg("lost.jpg"), photo_alt="Lost")
            transaction.set_rollback(True)
        kept = factories.ActorFactory(photo=jpeg("kept.jpg"), photo_alt="Kept")

    assert queued == [kept.photo.name]


def test_a_save_that_keeps_the_image_queues_nothing(queued, django_capture_on_commit_callbacks):
    drama = factories.DramaFactory(poster=jpeg("poster.jpg"), poster_alt="A poster")

    with django_capture_on_commit_callbacks(execute=True):
        drama = Drama.objects.get(pk=drama.pk)
        drama.title = "Goblin"
        drama.save()

    assert queued == []


def test_saving_a_loaded_row_asks_nothing_about_its_image(queued):
    """A save compares the image with the name the row was loaded with, not with the database."""
    drama = Drama.objects.get(pk=factories.DramaFactory(poster=jpeg("poster.jpg"), poster_alt="A").pk)
    drama.title = "Goblin"

    with CaptureQueriesContext(connection) as saved:
        drama.save(update_fields=["title", "poster"])

    lookups = [
        q["sql"]
        for q in saved.captured_queries
        if q["sql"].startswith("SELECT") and "poster" in q["sql"].split("WHERE")[-1]
    ]
    assert lookups == []
    assert queued == []


def test_a_row_given_another_stored_file_or_built_with_its_key_queues_by_what_the_database_held(
    queued, django_capture_on_commit_callbacks
):
    first = default_storage.save("posters/first.jpg", ContentFile(jpeg().read()))
    second = default_storage.save("posters/second.jpg", ContentFile(jpeg().read()))
    third = default_storage.save("posters/third.jpg", ContentFile(jpeg().read()))
    drama = factories.DramaFactory(poster=first, poster_alt="A poster")
    queued.clear()

    with django_capture_on_commit_callbacks(execute=True):
        loaded = Drama.objects.get(pk=drama.pk)
        loaded.poster = second
        loaded.save()
    with django_capture_on_commit_callbacks(execute=True):
        built = Drama.objects.get(pk=drama.pk)
        fields = {
            f.attname: getattr(built, f.attname) for f in Drama._meta.concrete_fields if not f.primary_key
        }
        Drama(pk=drama.pk, **fields).save()  # the name the database holds: nothing to make
    with django_capture_on_commit_callbacks(execute=True):
        Drama(pk=drama.pk, **{**fields, "poster": third}).save()

    assert queued == [second, third]


def test_a_stored_file_given_to_a_row_queues_its_renditions(queued, django_capture_on_commit_callbacks):
    """As an import names an uploaded file, or a command stores a file and then saves the row."""
    name = default_storage.save("entries/moment.jpg", ContentFile(jpeg().read()))
    entry = factories.full_entry(factories.PublishedListicleFactory())
    drama = factories.DramaFactory()

    with django_capture_on_commit_callbacks(execute=True):
        EntryScene.objects.create(entry=entry, image=name, image_alt="A moment", position=5)
    with django_capture_on_commit_callbacks(execute=True):
        drama.poster.save("poster.jpg", jpeg("poster.jpg"), save=False)
        drama.save(update_fields=["poster"])

    assert queued == [name, drama.poster.name]


def test_a_broker_that_cannot_be_reached_never_fails_the_save(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def down(name):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.make_renditions_of, "delay", down)

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        drama = factories.DramaFactory(poster=jpeg("poster.jpg"), poster_alt="A poster")

    assert Drama.objects.filter(pk=drama.pk, poster=drama.poster.name).exists()
    assert "make_renditions" in caplog.text


# Pages never encode.


def test_a_page_shows_the_original_at_its_size_and_never_encodes(client, queued, no_encoding):
    listicle = factories.PublishedListicleFactory(hero_image=jpeg(size=(1200, 675)), hero_alt="A hug")

    response = client.get(listicle.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<img src="/media/listicles/hero[^"]*\.jpg" alt="A hug" width="1200" height="675" '
        r'fetchpriority="high"',
        html,
    )
    assert "/media/renditions/" not in html


def test_once_the_task_ran_the_page_serves_renditions(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listicle = factories.PublishedListicleFactory(hero_image=jpeg(), hero_alt="A hug")

    html = client.get(listicle.get_absolute_url()).content.decode()

    assert re.search(r'<source type="image/webp" srcset="/media/renditions/listicles/hero', html)


# The task.


def test_the_task_makes_the_renditions_and_purges_the_pages_that_show_the_image(
    client, queued, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listicle = factories.PublishedListicleFactory(hero_image=jpeg(), hero_alt="A hug")
        listicle.tags.set(["romance"])
        entry = factories.full_entry(listicle)
    before = client.get(listicle.get_absolute_url()).content.decode()  # an original, kept by a cache
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        done = tasks.make_renditions_of.apply(args=[listicle.hero_image.name]).get()

    after = client.get(listicle.get_absolute_url()).content.decode()
    assert done == renditions.MADE
    assert "/media/renditions/" not in before and "/media/renditions/listicles/hero" in after
    assert {listicle.get_absolute_url(), "/", "/tag/romance/", entry.drama.get_absolute_url()} <= purged


def test_a_drama_poster_made_later_purges_the_drama_page(queued, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        drama = factories.DramaFactory(slug="goblin", poster=jpeg("poster.jpg"), poster_alt="A poster")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        tasks.make_renditions_of.apply(args=[drama.poster.name])

    assert "/drama/goblin/" in purged


def test_the_task_run_twice_makes_the_renditions_once(queued, purged, django_capture_on_commit_callbacks):
    drama = factories.DramaFactory(poster=jpeg("poster.jpg"), poster_alt="A poster")
    folder = renditions.folder_of(drama.poster.name)

    first = tasks.make_renditions_of.apply(args=[drama.poster.name]).get()
    files = sorted(default_storage.listdir(folder)[1])
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.make_renditions_of.apply(args=[drama.poster.name]).get()

    assert (first, second) == (renditions.MADE, renditions.READY)
    assert sorted(default_storage.listdir(folder)[1]) == files
    assert purged == set()  # nothing new to show


@pytest.mark.parametrize(
    "content",
    [b"GIF89a" + b"\0" * 40, b"not an image at all", jpeg().read()[:400]],
    ids=["corrupt gif", "not an image", "truncated jpeg"],
)
def test_a_bad_file_makes_the_task_log_and_give_up(
    client, content, caplog, purged, django_capture_on_commit_callbacks
):
    name = default_storage.save("listicles/bad.jpg", ContentFile(content))
    listicle = factories.PublishedListicleFactory()
    Listicle.objects.filter(pk=listicle.pk).update(
        hero_image=name, hero_alt="Broken"
    )  # behind the validators

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        done = tasks.make_renditions_of.apply(args=[name])

    assert done.successful() and done.get() == renditions.UNREADABLE
    assert f"Cannot make the renditions of {name}" in caplog.text
    assert not default_storage.exists(f"{renditions.folder_of(name)}/{renditions.MANIFEST}")
    assert purged == set()
    response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200 and f'src="/media/{name}"' in response.content.decode()


def test_a_file_deleted_before_the_task_ran_is_logged_and_left(caplog):
    drama = factories.DramaFactory(poster=jpeg("poster.jpg"), poster_alt="A poster")
    default_storage.delete(drama.poster.name)

    with caplog.at_level(logging.WARNING):
        done = tasks.make_renditions_of.apply(args=[drama.poster.name])

    assert done.get() == renditions.UNREADABLE and "Cannot make the renditions" in caplog.text


# Animations.


def animation_of(name):
    manifest = renditions.read_manifest(name, default_storage)
    webp = manifest["sources"][0]["srcset"][0][0]
    with default_storage.open(webp) as stored, Image.open(stored) as image:
        durations = []
        for frame in ImageSequence.Iterator(image):
            frame.load()  # a WebP frame tells its duration once loaded
            durations.append(frame.info["duration"])
        return manifest, image.size, durations, image.info.get("loop")


def stored_gif(content):
    return default_storage.save("entries/moment.gif", ContentFile(content))


def test_a_small_gif_is_animated_at_its_own_width_with_every_frame():
    name = stored_gif(gif((300, 200)))

    assert renditions.make_for(name) == renditions.MADE

    manifest, size, durations, loop = animation_of(name)
    assert size == (300, 200) and (manifest["width"], manifest["height"]) == (300, 200)
    assert durations == [80, 120, 160, 200] and loop == 0
    assert manifest["sources"][-1] == {"type": "image/gif", "srcset": [[name, 300]]}


def test_a_wide_gif_is_animated_as_wide_as_it_is_shown():
    name = stored_gif(gif((1000, 500), durations=(100, 100, 300)))

    renditions.make_for(name)

    manifest, size, durations, _loop = animation_of(name)
    assert size == (renditions.SHOWN_WIDTH, 360) and manifest["width"] == renditions.SHOWN_WIDTH
    assert len(durations) == 3 and sum(durations) == 500


def test_an_animated_webp_keeps_its_timing():
    frames = [Image.new("RGBA", (400, 300), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=[50, 250, 700], loop=0)
    name = default_storage.save("entries/moment.webp", ContentFile(buffer.getvalue()))

    renditions.make_for(name)

    assert animation_of(name)[2] == [50, 250, 700]


def test_a_gif_that_plays_once_still_plays_once():
    name = stored_gif(gif((200, 100), loop=None))

    renditions.make_for(name)

    assert animation_of(name)[3] == 1


def test_no_still_rendition_is_wider_than_its_source():
    name = default_storage.save("dramas/posters/tiny.jpg", ContentFile(jpeg(size=(200, 300)).read()))

    renditions.make_for(name)

    manifest = renditions.read_manifest(name, default_storage)
    for source in manifest["sources"]:
        for file, width in source["srcset"]:
            with default_storage.open(file) as stored, Image.open(stored) as image:
                assert image.size == (width, 300 * width // 200) and width <= 200


# A name used again.


def test_an_upload_that_gets_a_pruned_files_name_never_shows_the_old_renditions(client, settings, queued):
    """`prune_media` deletes an original past its grace period but keeps renditions younger than
    it (made later, by `make_renditions`): the name is free, and the next upload of a file called
    the same gets it. Its page shows its own original, then its own renditions, never the old."""
    old = factories.DramaFactory(slug="goblin", poster=jpeg("poster.jpg", (1200, 675)), poster_alt="Old")
    name = old.poster.name
    tasks.make_renditions_of.apply(args=[name])
    page = client.get("/drama/goblin/").content.decode()
    assert f"/media/renditions/{name}/crops/0500-0500/poster-360." in page
    old.delete()
    LibraryImage.objects.filter(file=name).delete()  # taken out of the media library too
    a_week_ago = time.time() - 7 * 24 * 3600
    os.utime(settings.MEDIA_ROOT / name, (a_week_ago, a_week_ago))
    call_command("prune_media", stdout=io.StringIO())
    assert not default_storage.exists(name)
    assert default_storage.exists(f"{renditions.folder_of(name)}/{renditions.MANIFEST}")

    new = factories.DramaFactory(slug="goblin", poster=jpeg("poster.jpg", (500, 800)), poster_alt="New")
    assert new.poster.name == name
    before = client.get("/drama/goblin/").content.decode()
    done = tasks.make_renditions_of.apply(args=[name]).get()
    after = client.get("/drama/goblin/").content.decode()

    assert f'src="/media/{name}"' in before and "/media/renditions/" not in before
    assert 'width="500" height="800"' in before
    assert done == renditions.MADE
    assert f'srcset="/media/renditions/{name}/' in after
    assert renditions.read_manifest(name, default_storage)["width"] == 500  # the new picture's, not 1200

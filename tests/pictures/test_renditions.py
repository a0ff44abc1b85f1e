"""Renditions: made once per image, stored through the storage API, upright and without metadata.

Renditions are made when a save commits (`pictures.tasks`, in-process in tests as without a
broker): a test that wants them saves its image inside `committed()`.
"""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from pictures import renditions
from tests import factories
from tests.cache_keys import empty_cache

pytestmark = pytest.mark.django_db

GPS = 0x8825
ORIENTATION = 0x0112


def jpeg(size=(1600, 900), *, orientation=None, gps=False, color="#d1124f"):
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[0x010F] = "PhoneMaker"  # camera make
        exif.get_ifd(GPS).update({1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Saves inside `with committed():` commit: their renditions are made."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def render(image, alt="A poster", **options):
    extra = " ".join(f"{key}={value}" for key, value in options.items())
    template = Template("{% load pictures %}{% picture image alt " + extra + " %}")
    return template.render(Context({"image": image, "alt": alt}))


def test_picture_lists_each_format_with_widths_and_sizes_the_image(settings, committed):
    with committed():
        drama = factories.DramaFactory(poster=upload("poster.jpg", jpeg((1600, 900))), poster_alt="A poster")

    html = render(drama.poster, sizes='"100vw"')

    types = re.findall(r'<source type="([^"]+)"', html)
    assert types[-1] == "image/webp"
    assert types[0] in {"image/avif", "image/webp"}
    assert re.search(r'<img src="/media/renditions/dramas/posters/poster[^"]*/1440\.jpeg"', html)
    assert 'srcset="/media/renditions/dramas/posters/poster' in html
    assert all(f" {width}w" in html for width in (360, 720, 1080, 1440))
    assert 'width="1440" height="810"' in html
    assert 'loading="lazy"' in html and "fetchpriority" not in html


def test_lead_image_is_fetched_first_and_not_lazily():
    drama = factories.DramaFactory(poster=upload("poster.jpg", jpeg()), poster_alt="A poster")

    html = render(drama.poster, priority="True")

    assert 'fetchpriority="high"' in html and 'loading="lazy"' not in html


def test_small_images_are_never_scaled_up(committed):
    with committed():
        drama = factories.DramaFactory(poster=upload("poster.jpg", jpeg((500, 250))), poster_alt="A poster")

    html = render(drama.poster)

    assert " 360w" in html and " 500w" in html and " 720w" not in html
    assert 'width="500" height="250"' in html


def test_renditions_are_made_once_then_read_from_the_cache_or_the_stored_manifest(monkeypatch, committed):
    made = []
    real_make = renditions.make
    monkeypatch.setattr(renditions, "make", lambda *args: made.append(args) or real_make(*args))
    with committed():
        drama = factories.DramaFactory(poster=upload("poster.jpg", jpeg()), poster_alt="A poster")

    first = render(drama.poster)
    second = render(drama.poster)
    empty_cache()  # a fresh server reads the manifest from storage
    third = render(drama.poster)
    again = renditions.make_for(drama.poster.name)  # the backfill, or the same task run twice

    assert len(made) == 1 and again == renditions.READY
    assert first == second == third and "<source" in first
    folder = renditions.folder_of(drama.poster.name)
    assert default_storage.exists(f"{folder}/manifest.json")


def test_while_another_worker_makes_the_renditions_a_second_task_leaves_them_to_it(committed):
    drama = factories.DramaFactory(poster=upload("poster.jpg", jpeg()), poster_alt="A poster")
    key = renditions.cache_key(drama.poster.name, drama.poster.storage)
    cache.add(f"{key}:making", True, 60)  # another worker started on this image a moment ago

    busy = renditions.make_for(drama.poster.name)
    cache.delete(f"{key}:making")
    done = renditions.make_for(drama.poster.name)

    assert (busy, done) == (renditions.BUSY, renditions.MADE)
    assert "<source" in render(drama.poster)


def test_renditions_apply_the_exif_orientation_and_carry_no_metadata(committed):
    sideways = jpeg((800, 400), orientation=6, gps=True)  # the camera says: turn it a quarter
    with committed():
        drama = factories.DramaFactory(poster=upload("poster.jpg", sideways), poster_alt="A poster")

    manifest = renditions.manifest_for(drama.poster)

    assert (manifest["width"], manifest["height"]) == (400, 800)
    for source in manifest["sources"]:
        for name, width in source["srcset"]:
            with default_storage.open(name) as stored, Image.open(stored) as image:
                assert image.width == width and image.height == width * 2
                assert not image.getexif()
                assert "exif" not in image.info


def test_original_is_stored_upright_without_location_or_camera():
    drama = factories.DramaFactory(
        poster=upload("poster.jpg", jpeg((800, 400), orientation=6, gps=True)), poster_alt="A poster"
    )

    with default_storage.open(drama.poster.name) as stored, Image.open(stored) as image:
        assert image.size == (400, 800)
        exif = image.getexif()
        assert not exif.get_ifd(GPS)
        assert 0x010F not in exif and ORIENTATION not in exif


def test_original_without_metadata_is_stored_byte_for_byte():
    content = jpeg()
    drama = factories.DramaFactory(poster=upload("poster.jpg", content), poster_alt="A poster")

    with default_storage.open(drama.poster.name) as stored:
        assert stored.read() == content


def test_transparent_png_keeps_png_as_its_fallback(committed):
    buffer = io.BytesIO()
    Image.new("RGBA", (400, 200), (255, 0, 0, 128)).save(buffer, "PNG")
    with committed():
        actor = factories.ActorFactory(
            photo=upload("photo.png", buffer.getvalue(), "image/png"), photo_alt="A face"
        )

    html = render(actor.photo)

    assert re.search(r'<img src="[^"]+/400\.png"', html)


def test_animated_gif_is_served_as_animated_webp_with_a_still_for_reduced_motion(committed):
    frames = [Image.new("RGB", (480, 270), color) for color in ("red", "green", "blue", "white")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0)
    with committed():
        actor = factories.ActorFactory(
            photo=upload("moment.gif", buffer.getvalue(), "image/gif"), photo_alt="A hug"
        )

    manifest = renditions.manifest_for(actor.photo)
    html = render(actor.photo)

    webp_name = manifest["sources"][0]["srcset"][0][0]
    with default_storage.open(webp_name) as stored, Image.open(stored) as webp:
        assert webp.format == "WEBP" and webp.n_frames == 4
    assert re.search(
        r'<source media="\(prefers-reduced-motion: reduce\)" srcset="[^"]+-still\.jpg 480w"', html
    )
    assert '<source type="image/webp"' in html
    assert re.search(r'<img src="/media/actors/moment[^"]*\.gif"', html)
    assert "data-animation-toggle" in html and " hidden " in html


def test_missing_file_falls_back_to_the_original_address(committed):
    drama = factories.DramaFactory(poster=upload("poster.jpg", jpeg()), poster_alt="A poster")
    default_storage.delete(drama.poster.name)

    html = render(drama.poster)

    assert re.search(
        r'<img src="/media/dramas/posters/poster[^"]*\.jpg" alt="A poster" loading="lazy"', html
    )  # no size known


def test_make_renditions_prepares_every_image_ahead_of_time_and_names_unreadable_ones(committed):
    from django.core.management import CommandError, call_command

    good = factories.DramaFactory(poster=upload("poster.jpg", jpeg((800, 450))), poster_alt="A poster")
    with committed():
        done = factories.DramaFactory(poster=upload("done.jpg", jpeg((400, 300))), poster_alt="Done")
    lost = factories.ActorFactory(photo=upload("photo.jpg", jpeg((400, 500))), photo_alt="A face")
    default_storage.delete(lost.photo.name)
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 stored image"):
        call_command("make_renditions", stdout=out, stderr=err)

    assert default_storage.exists(f"{renditions.folder_of(good.poster.name)}/manifest.json")
    assert "Renditions made: 1. Already there: 1. Being made elsewhere: 0. Unreadable: 1." in out.getvalue()
    assert f"dramas.Actor {lost.pk} photo: cannot read {lost.photo.name}" in err.getvalue()
    assert "<source" in render(good.poster) and "<source" in render(done.poster)

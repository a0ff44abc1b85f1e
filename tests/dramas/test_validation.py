"""Validation of what editors upload and paste: images, alt text, video links, Instagram handles."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dramas.validators import validate_image, validate_instagram, validate_video_url
from tests import factories

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_real_png_is_accepted():
    validate_image(upload("poster.png", png_bytes()))


def test_text_dressed_as_png_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_image(upload("poster.png", b"this is not an image"))

    assert refused.value.code == "invalid_image"


def test_truncated_png_is_refused_although_its_header_is_fine():
    truncated = png_bytes((400, 300))[:200]
    # Pillow reads the header happily; only decoding every byte finds the damage.
    Image.open(io.BytesIO(truncated))

    with pytest.raises(ValidationError) as refused:
        validate_image(upload("poster.png", truncated))

    assert refused.value.code == "invalid_image"


def test_image_over_five_megabytes_is_refused(monkeypatch):
    monkeypatch.setattr("pictures.decoding.MAX_IMAGE_BYTES", 10)

    with pytest.raises(ValidationError) as refused:
        validate_image(upload("poster.png", png_bytes()))

    assert refused.value.code == "image_too_large"


def test_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr("pictures.decoding.MAX_WHOLE_PIXELS", 100)

    with pytest.raises(ValidationError) as refused:
        validate_image(upload("poster.png", png_bytes((20, 20))))

    assert refused.value.code == "image_too_large"


def test_poster_with_a_non_image_extension_is_refused_by_the_model():
    drama = factories.DramaFactory.build(poster=upload("poster.svg", b"<svg/>"), poster_alt="A poster")

    with pytest.raises(ValidationError) as refused:
        drama.full_clean()

    assert "poster" in refused.value.message_dict


@pytest.mark.parametrize(
    "factory, image, alt",
    [
        (factories.DramaFactory, "poster", "poster_alt"),
        (factories.ActorFactory, "photo", "photo_alt"),
        (factories.SceneFactory, "still", "still_alt"),
    ],
)
def test_an_image_needs_alt_text(factory, image, alt):
    instance = factory.build(**{image: upload("picture.png", png_bytes()), alt: "  "})
    if hasattr(instance, "drama"):
        instance.drama = factories.DramaFactory()

    with pytest.raises(ValidationError) as refused:
        instance.full_clean()

    assert refused.value.message_dict[alt] == ["Describe the image for readers who cannot see it."]


def test_alt_text_is_not_needed_without_an_image():
    factories.DramaFactory.build(poster_alt="").full_clean()


@pytest.mark.parametrize(
    "url", ["https://www.dailymotion.com/video/x7tgad0", "javascript:alert(1)", "ftp://x.y/z"]
)
def test_video_validator_names_the_services_it_takes(url):
    with pytest.raises(ValidationError) as refused:
        validate_video_url(url)

    assert refused.value.code == "unsupported_video"
    assert "YouTube, Viki or Vimeo" in refused.value.messages[0]


def test_scene_with_an_unsupported_video_link_does_not_validate():
    scene = factories.SceneFactory.build(
        drama=factories.DramaFactory(), video_url="https://www.dailymotion.com/video/x7"
    )

    with pytest.raises(ValidationError) as refused:
        scene.full_clean()

    assert "video_url" in refused.value.message_dict


@pytest.mark.parametrize("handle", ["binahearts", "gong.yoo_", "a" * 30])
def test_instagram_handles_are_accepted(handle):
    validate_instagram(handle)


@pytest.mark.parametrize("handle", ["@binahearts", "https://instagram.com/binahearts", "two words", "a" * 31])
def test_instagram_links_and_at_signs_are_refused(handle):
    with pytest.raises(ValidationError) as refused:
        validate_instagram(handle)

    assert refused.value.code == "invalid_instagram"

"""What editors upload is a real raster image within the limits, or a form error and nothing stored:
on the knowledge base's images and on the entry images alike."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import EntryScene
from dramas.models import Drama
from tests import factories

pytestmark = pytest.mark.django_db


def jpeg_bytes(size=(640, 480)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(side=12_000):
    """A valid 1-bit PNG of side × side pixels (144 megapixels, 576 MB once decoded as RGBA) in
    a few dozen kilobytes."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (side + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


BAD_UPLOADS = {
    "svg": (
        "picture.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "renamed text file": ("picture.jpg", b"Dear diary, today I renamed a text file.", "image/jpeg"),
    "truncated jpeg": ("picture.jpg", jpeg_bytes()[:4000], "image/jpeg"),
    "decompression bomb": ("picture.png", decompression_bomb(), "image/png"),
}
MESSAGES = {
    "svg": "Upload a valid image.",
    "renamed text file": "Upload a valid image.",
    "truncated jpeg": "Upload a valid image.",
    "decompression bomb": "This image has too many pixels",
}


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def management(prefix):
    return {f"{prefix}-{key}": value for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()}


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_bad_poster_is_a_form_error_and_nothing_is_stored(editor_client, settings, kind):
    name, content, content_type = BAD_UPLOADS[kind]
    data = {
        "title": "Goblin",
        "slug": "goblin",
        "poster": SimpleUploadedFile(name, content, content_type=content_type),
        "poster_alt": "A poster",
        **management("roles"),
        **management("watch_links"),
    }

    response = editor_client.post(reverse("admin:dramas_drama_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["poster"]
    assert any(error.startswith(MESSAGES[kind]) for error in errors), errors
    assert not Drama.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_bad_entry_image_is_a_form_error_and_nothing_is_stored(editor_client, settings, kind):
    entry = factories.EntryFactory()
    name, content, content_type = BAD_UPLOADS[kind]
    data = {
        "entry": str(entry.pk),
        "image": SimpleUploadedFile(name, content, content_type=content_type),
        "image_alt": "A moment",
        "credit": "",
        "lead_in": "",
        "caption": "",
    }

    response = editor_client.post(reverse("admin:articles_entryscene_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert any(error.startswith(MESSAGES[kind]) for error in errors), errors
    assert not EntryScene.objects.exists()
    assert stored_files(settings) == []


def test_a_real_gif_becomes_an_entry_image(editor_client, settings):
    entry = factories.EntryFactory()
    frames = [Image.new("RGB", (64, 36), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    data = {
        "entry": str(entry.pk),
        "image": SimpleUploadedFile("hug.gif", buffer.getvalue(), content_type="image/gif"),
        "image_alt": "A hug",
        "credit": "tvN",
        "lead_in": "",
        "caption": "",
    }

    response = editor_client.post(reverse("admin:articles_entryscene_add"), data)

    assert response.status_code == 302
    item = EntryScene.objects.get()
    assert (item.image_alt, item.credit, item.scene) == ("A hug", "tvN", None)
    with item.image.open() as stored:
        assert stored.read() == buffer.getvalue()  # an animation is kept byte for byte


def test_a_large_png_is_refused_before_it_is_decoded_and_a_large_jpeg_is_decoded_small():
    from pictures.decoding import check

    big_png = io.BytesIO()
    Image.new("1", (6000, 6000)).save(big_png, "PNG")
    with pytest.raises(Exception, match="at most 4096 × 4096"):
        check(SimpleUploadedFile("big.png", big_png.getvalue()))

    big_jpeg = io.BytesIO()
    Image.new("RGB", (6000, 6000), "white").save(big_jpeg, "JPEG", quality=50)
    check(SimpleUploadedFile("big.jpg", big_jpeg.getvalue()))  # accepted, decoded at 1/8 scale
    with Image.open(io.BytesIO(big_jpeg.getvalue())) as image:
        image.draft("RGB", (750, 750))
        image.load()
        assert image.size == (750, 750)


MEASURE = """
import resource, sys
from pictures.decoding import check, open_upright
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
check(SimpleUploadedFile("big.jpg", data))
with Image.open(sys.argv[1]) as image:
    open_upright(image, 1440)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_a_36_megapixel_jpeg_is_checked_and_decoded_in_a_few_megabytes(tmp_path, settings):
    import subprocess
    import sys

    path = tmp_path / "big.jpg"
    Image.linear_gradient("L").resize((6000, 6000)).save(path, "JPEG", quality=85)

    result = subprocess.run(  # noqa: S603 -- this interpreter, a fixed script
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    extra_megabytes = int(result.stdout.strip())
    assert extra_megabytes < 32  # decoded whole it would take 36 MB of gray, 108 MB as RGB

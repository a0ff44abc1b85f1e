"""Hostile files in every image field an editor reaches: refused with the form's message, or stored as
an image under the upload folder, never as markup and never outside it."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from .endpoints import ADMIN_FORMS
from .test_admin_forms import post_change

pytestmark = pytest.mark.django_db


def png(width=4, height=4):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "pink").save(buffer, "PNG")
    return buffer.getvalue()


def decompression_bomb(width=30_000, height=30_000):
    """A valid PNG header for 900 million pixels in a few hundred bytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def animated_with_gps(fmt):
    """An animation straight from a phone's editor: two frames and the camera's EXIF, GPS included."""
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)})
    frames = [Image.new("RGBA", (8, 8), colour) for colour in ("pink", "navy")]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=90, loop=0, exif=exif)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<html><script>alert(1)</script></html>"

REFUSED = {
    "svg": ("poster.svg", SVG, "image/svg+xml"),
    "svg-named-png": ("poster.png", SVG, "image/png"),
    "html-named-jpg": ("poster.jpg", HTML, "image/jpeg"),
    "truncated-png": ("poster.png", png(64, 64)[:60], "image/png"),
    "decompression-bomb": ("bomb.png", decompression_bomb(), "image/png"),
    "empty": ("empty.png", b"", "image/png"),
}
# Accepted, and stored as the same animation without the position it was taken at.
STRIPPED = {
    "animated-webp-with-gps": ("moment.webp", animated_with_gps("WEBP"), "image/webp"),
    "apng-with-gps": ("moment.png", animated_with_gps("PNG"), "image/png"),
}
TRAVERSAL = [
    "../../../etc/passwd.png",
    "..\\..\\windows\\win.ini.png",
    "/etc/cron.d/evil.png",
    "a\x00.png.html",
]
FILE_FIELDS = [(form, field) for form in ADMIN_FORMS for field in form.files]
REFUSED_CASES = [(form, field, name) for form, field in FILE_FIELDS for name in REFUSED]
STRIPPED_CASES = [(form, field, name) for form, field in FILE_FIELDS for name in STRIPPED]


@pytest.mark.parametrize(
    ("form", "field", "upload"), REFUSED_CASES, ids=[f"{f}-{fi}-{n}" for f, fi, n in REFUSED_CASES]
)
def test_a_file_that_is_not_a_whole_image_is_refused(editor_client, site, form, field, upload):
    obj = getattr(site, form.find)
    name, content, content_type = REFUSED[upload]
    response = post_change(
        editor_client, form, obj, **{field: SimpleUploadedFile(name, content, content_type)}
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    obj.refresh_from_db()
    assert not getattr(obj, field)


@pytest.mark.parametrize(
    ("form", "field", "upload"), STRIPPED_CASES, ids=[f"{f}-{fi}-{n}" for f, fi, n in STRIPPED_CASES]
)
def test_an_animation_with_a_gps_position_is_stored_animated_without_it(
    editor_client, site, form, field, upload
):
    obj = getattr(site, form.find)
    name, content, content_type = STRIPPED[upload]
    upload = SimpleUploadedFile(name, content, content_type)
    response = post_change(editor_client, form, obj, **{field: upload, f"{field}_alt": "A moment"})
    assert response.status_code == 302
    obj.refresh_from_db()
    with getattr(obj, field).open() as stored:
        data = stored.read()
    assert b"Exif" not in data and b"eXIf" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == 2 and not image.getexif()


@pytest.mark.parametrize(("form", "field"), FILE_FIELDS, ids=[f"{f}-{fi}" for f, fi in FILE_FIELDS])
@pytest.mark.parametrize("name", TRAVERSAL)
def test_an_upload_name_cannot_leave_the_upload_folder(editor_client, site, settings, form, field, name):
    obj = getattr(site, form.find)
    upload = SimpleUploadedFile(name, png(), "image/png")
    response = post_change(editor_client, form, obj, **{field: upload})
    assert response.status_code in (200, 302)
    obj.refresh_from_db()
    stored = getattr(obj, field)
    if stored:
        assert ".." not in stored.name and not stored.name.startswith(("/", "\\"))
        assert "\x00" not in stored.name
        path = (settings.MEDIA_ROOT / stored.name).resolve()
        assert path.is_relative_to(settings.MEDIA_ROOT.resolve())
        assert path.suffix == ".png"

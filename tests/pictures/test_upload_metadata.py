"""No upload keeps its camera's or editing program's metadata: every accepted format, still and
animated, is stored without EXIF (GPS position), XMP, text chunks or comments, and an animation keeps
every frame, timing, loop count, disposal and transparency."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageSequence, PngImagePlugin

from tests import factories

pytestmark = pytest.mark.django_db

GPS = 0x8825
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="37,33.9833N" '
    'exif:GPSLongitude="126,58.6667E"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
# What must not be left anywhere in a stored file.
MARKS = (b"Exif\0\0", b"xmpmeta", b"GPSLatitude", b"PhoneMaker", b"Seoul Forest", b"eXIf", b"tEXt", b"iTXt")


def camera_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS).update({1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)})
    return exif.tobytes()


def frames(count, size=(48, 32)):
    """Frames that differ, each with a transparent corner."""
    colours = [(209, 18, 79, 255), (20, 120, 200, 255), (250, 200, 30, 255), (30, 160, 90, 255)]
    made = []
    for colour in colours[:count]:
        frame = Image.new("RGBA", size, colour)
        frame.paste((0, 0, 0, 0), (0, 0, 12, 8))
        made.append(frame)
    return made


def gif_with_notes(data):
    """GIF bytes with an XMP application extension (as Photoshop writes it) and another program's
    block holding EXIF, after the header: Pillow writes neither."""
    header_end = 13 + 3 * 2 ** ((data[10] & 7) + 1) if data[10] & 0x80 else 13
    xmp = XMP.encode()
    blocks = b"".join(bytes([len(xmp[i : i + 255])]) + xmp[i : i + 255] for i in range(0, len(xmp), 255))
    exif = b"Exif\0\0" + camera_exif()
    exif_blocks = b"".join(
        bytes([len(exif[i : i + 255])]) + exif[i : i + 255] for i in range(0, len(exif), 255)
    )
    notes = b"\x21\xff\x0bXMP DataXMP" + blocks + b"\0" + b"\x21\xff\x0bEXIFDATA1.0" + exif_blocks + b"\0"
    return data[:header_end] + notes + data[header_end:]


def build(kind):
    """(file name, bytes, frames as RGBA, durations) of an upload straight from a phone or an editor."""
    out = io.BytesIO()
    animated = kind.startswith("animated")
    pictures = frames(4 if animated else 1)
    durations = [80, 120, 160, 200][: len(pictures)]
    common = (
        {"save_all": True, "append_images": pictures[1:], "duration": durations, "loop": 2}
        if animated
        else {}
    )
    if kind in ("jpeg",):
        pictures[0].convert("RGB").save(
            out, "JPEG", exif=camera_exif(), xmp=XMP.encode(), comment="Seoul Forest", quality=95
        )
        return "photo.jpg", out.getvalue()
    if kind in ("png", "animated png"):
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP)
        info.add_text("Location", "Seoul Forest")
        pictures[0].save(
            out,
            "PNG",
            exif=camera_exif(),
            pnginfo=info,
            **common,
            **({"disposal": 1, "blend": 0} if animated else {}),
        )
        return "photo.png", out.getvalue()
    if kind in ("webp", "animated webp"):
        pictures[0].save(out, "WEBP", exif=camera_exif(), xmp=XMP.encode(), lossless=True, **common)
        return "photo.webp", out.getvalue()
    pictures[0].save(out, "GIF", comment="Seoul Forest", disposal=2, **common)
    return "photo.gif", gif_with_notes(out.getvalue())


KINDS = ["jpeg", "png", "animated png", "gif", "animated gif", "webp", "animated webp"]


def animation(data):
    """Each frame's pixels and timing, the loop count and the disposal methods."""
    with Image.open(io.BytesIO(data)) as image:
        shown = [
            (frame.convert("RGBA").tobytes(), frame.info.get("duration"))
            for frame in ImageSequence.Iterator(image)
        ]
        loop = image.info.get("loop")
        image.seek(0)
        disposal = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            disposal.append(getattr(image, "disposal_method", image.info.get("disposal")))
    return shown, loop, disposal


@pytest.mark.parametrize("kind", KINDS)
def test_every_accepted_format_is_stored_without_its_metadata(kind):
    name, content = build(kind)
    assert any(mark in content for mark in MARKS)  # the upload does carry them

    drama = factories.DramaFactory(poster=SimpleUploadedFile(name, content), poster_alt="A poster")

    with default_storage.open(drama.poster.name) as stored:
        data = stored.read()
    for mark in MARKS:
        assert mark not in data, mark
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Location"} & set(image.info)
        if kind != "jpeg":
            assert not getattr(image, "text", {})


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "jpeg"])
def test_an_animation_keeps_every_frame_timing_loop_disposal_and_transparency(kind):
    name, content = build(kind)

    drama = factories.DramaFactory(poster=SimpleUploadedFile(name, content), poster_alt="A poster")

    with default_storage.open(drama.poster.name) as stored:
        data = stored.read()
    before, after = animation(content), animation(data)
    assert after == before
    shown, _loop, _disposal = after
    assert len(shown) == (4 if kind.startswith("animated") else 1)
    if kind.startswith("animated"):
        assert [duration for _pixels, duration in shown] == [80, 120, 160, 200]
    assert shown[0][0][3] == 0  # the transparent corner is still transparent


def test_a_turned_palette_png_is_stored_upright_transparent_and_without_metadata():
    image = Image.new("P", (40, 20), 1)
    image.putpalette([0, 0, 0, 209, 18, 79] + [0] * 762)
    image.paste(0, (0, 0, 10, 10))
    exif = Image.Exif()
    exif.load(camera_exif())
    exif[0x0112] = 6  # the camera says: turn it a quarter
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0, exif=exif)

    drama = factories.DramaFactory(poster=SimpleUploadedFile("sign.png", out.getvalue()), poster_alt="A sign")

    with default_storage.open(drama.poster.name) as stored:
        data = stored.read()
    assert b"Exif\0\0" not in data and b"eXIf" not in data
    with Image.open(io.BytesIO(data)) as stored_image:
        assert stored_image.size == (20, 40)
        assert not stored_image.getexif()
        assert stored_image.convert("RGBA").getpixel((19, 0))[3] == 0  # the corner stays see-through


def test_a_stray_byte_between_gif_blocks_does_not_keep_the_comment():
    name, content = build("animated gif")
    at = content.index(b"\x21\xff\x0bXMP DataXMP")
    content = content[:at] + b"\x00" + content[at:]  # decoders skip it

    drama = factories.DramaFactory(poster=SimpleUploadedFile(name, content), poster_alt="A poster")

    with default_storage.open(drama.poster.name) as stored:
        data = stored.read()
    for mark in MARKS:
        assert mark not in data, mark
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == 4


def test_strip_metadata_cleans_originals_stored_before_under_the_same_name():
    from django.core.management import CommandError, call_command

    from dramas.models import Drama
    from pictures.models import Image as LibraryImage

    name, content = build("animated webp")
    drama = factories.DramaFactory(poster_alt="A poster")
    stored_name = default_storage.save("dramas/posters/old.webp", io.BytesIO(content))
    Drama.objects.filter(pk=drama.pk).update(poster=stored_name)  # as an upload was kept before
    clean = factories.DramaFactory(
        poster=SimpleUploadedFile("clean.png", build("png")[1]), poster_alt="A poster"
    )
    lost = factories.ActorFactory(photo=SimpleUploadedFile("lost.png", build("png")[1]), photo_alt="A face")
    default_storage.delete(lost.photo.name)
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 stored image"):
        call_command("strip_metadata", stdout=out, stderr=err)

    drama.refresh_from_db()
    assert drama.poster.name == stored_name
    with default_storage.open(stored_name) as stored:
        data = stored.read()
    assert b"Exif\0\0" not in data and b"xmpmeta" not in data
    assert animation(data) == animation(content)
    assert "Written again without metadata: 1. Unreadable: 1." in out.getvalue()
    assert f"dramas.Actor {lost.pk} photo: cannot read {lost.photo.name}" in err.getvalue()
    with default_storage.open(clean.poster.name) as untouched:
        assert b"Exif" not in untouched.read()

    default_storage.delete(lost.photo.name)
    LibraryImage.objects.filter(file=lost.photo.name).delete()  # its library record went with the file
    lost.photo = ""
    lost.save()
    call_command("strip_metadata", stdout=(again := io.StringIO()))
    assert "Written again without metadata: 0. Unreadable: 0." in again.getvalue()


def test_renditions_of_an_animation_stored_with_a_comment_carry_none_of_it():
    from pictures import renditions

    name, content = build("animated gif")
    stored_name = default_storage.save("scenes/old.gif", io.BytesIO(content))  # as kept before

    manifest = renditions.make(stored_name, default_storage)

    made = [manifest["poster"]] + [name for source in manifest["sources"] for name, _ in source["srcset"]]
    for made_name in made:
        if made_name == stored_name:
            continue  # the original itself: `strip_metadata` cleans it
        with default_storage.open(made_name) as stored:
            data = stored.read()
        for mark in MARKS:
            assert mark not in data, (made_name, mark)

"""Opening uploaded images with bounded memory, and checking them before anything is stored.

A JPEG is decoded through Pillow's `draft()`, which lets libjpeg scale it down by up to 8 while
decoding, so a 40-megapixel photo costs a few megabytes. Formats that can only be decoded whole
(PNG, GIF, WebP) have a lower pixel limit, checked from the header before a pixel is decoded.
"""

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_JPEG_PIXELS = 40_000_000
MAX_WHOLE_PIXELS = 16_800_000  # 4096 × 4096: at most 64 MB once decoded as RGBA
MAX_ANIMATION_PIXELS = 120_000_000  # frames × width × height of a GIF or animated WebP
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
ORIENTATION = 0x0112

INVALID = "Upload a valid image. The file is not an image or it is damaged."


def check(file):
    """Raise ValidationError unless `file` is a whole JPEG, PNG, GIF or WebP within the limits."""
    if file.size is not None and file.size > MAX_IMAGE_BYTES:
        raise ValidationError("Images may be at most 5 MB.", code="image_too_large")
    try:
        file.seek(0)
        with Image.open(file) as image:
            check_header(image)
            if image.format == "JPEG":
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()  # reads every byte: a truncated file fails here
            else:
                for frame in range(getattr(image, "n_frames", 1)):
                    image.seek(frame)
                    image.load()
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(INVALID, code="invalid_image") from exc
    finally:
        file.seek(0)


def check_header(image):
    """The limits that the header alone tells, before decoding."""
    if image.format not in FORMATS:
        raise ValidationError("Upload a JPEG, PNG, GIF or WebP image.", code="invalid_image")
    pixels = image.width * image.height
    if image.format == "JPEG" and pixels > MAX_JPEG_PIXELS:
        raise ValidationError(
            "This image has too many pixels (at most 40 megapixels).", code="image_too_large"
        )
    if image.format != "JPEG" and pixels > MAX_WHOLE_PIXELS:
        raise ValidationError(
            "This image has too many pixels: PNG, GIF and WebP images may be at most 4096 × 4096. "
            "Save a large photo as JPEG.",
            code="image_too_large",
        )
    if getattr(image, "n_frames", 1) * pixels > MAX_ANIMATION_PIXELS:
        raise ValidationError(
            "This animation is too long for its size: shorten it or make it smaller.", code="image_too_large"
        )


def open_upright(image, longest=None):
    """The first frame of `image`, turned the way its EXIF orientation says, decoded at most at
    the scale needed for `longest` pixels (JPEG only) and without its metadata. Decoded in place:
    no second copy of the pixels unless it has to be turned."""
    if image.format == "JPEG" and longest:
        image.draft("RGB", (longest, longest))
    image.load()
    if image.getexif().get(ORIENTATION, 1) != 1:
        image = ImageOps.exif_transpose(image)
    image.info = {}  # nothing of the camera's metadata reaches a rendition
    return image

"""Validators shared by the knowledge base and the articles."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from PIL import Image

from .video import parse_video_url

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


VIDEO_URL_MESSAGE = "Enter a YouTube, Viki or Vimeo video link, such as https://www.youtube.com/watch?v=…"


def validate_video_url(value):
    if parse_video_url(value) is None:
        raise ValidationError(VIDEO_URL_MESSAGE, code="unsupported_video")


validate_image_extension = FileExtensionValidator(IMAGE_EXTENSIONS)


def validate_image(file):
    """Refuse anything Pillow cannot fully decode: non-images, truncated files, pixel bombs."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    if file.size is not None and file.size > MAX_IMAGE_BYTES:
        raise ValidationError("Images may be at most 5 MB.", code="image_too_large")
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError("This image has too many pixels.", code="image_too_large")
            image.load()  # decodes every byte: a truncated file fails here, not on the page
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            "Upload a valid image. The file is not an image or it is damaged.", code="invalid_image"
        ) from exc
    finally:
        file.seek(0)


IMAGE_VALIDATORS = [validate_image_extension, validate_image]

INSTAGRAM_HANDLE = re.compile(r"^[A-Za-z0-9._]{1,30}$")


def validate_instagram(value):
    if not INSTAGRAM_HANDLE.match(value):
        raise ValidationError(
            "Enter an Instagram handle without @ or link, such as binahearts.", code="invalid_instagram"
        )

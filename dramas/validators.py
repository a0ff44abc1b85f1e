"""Validators shared by the knowledge base and the articles."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

from pictures.decoding import check as check_image
from pictures.uploads import IMAGE_EXTENSIONS

from .video import parse_video_url

VIDEO_URL_MESSAGE = "Enter a YouTube, Viki or Vimeo video link, such as https://www.youtube.com/watch?v=…"


def validate_video_url(value):
    if parse_video_url(value) is None:
        raise ValidationError(VIDEO_URL_MESSAGE, code="unsupported_video")


validate_image_extension = FileExtensionValidator(IMAGE_EXTENSIONS)


def validate_image(file):
    """Refuse anything Pillow cannot fully decode: non-images, truncated files, pixel bombs."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    check_image(file)


IMAGE_VALIDATORS = [validate_image_extension, validate_image]

INSTAGRAM_HANDLE = re.compile(r"^[A-Za-z0-9._]{1,30}$")


def validate_instagram(value):
    if not INSTAGRAM_HANDLE.match(value):
        raise ValidationError(
            "Enter an Instagram handle without @ or link, such as binahearts.", code="invalid_instagram"
        )

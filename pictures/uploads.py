"""What is kept of an upload: the picture, never the camera's metadata.

A photo straight from a phone carries EXIF data — GPS position, camera, time — that a reader
could download with the original. Stills are written again without it, turned upright first
(the orientation tag goes with the rest); animations and files without metadata are kept byte
for byte.
"""

import io

from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps

METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"}


def without_metadata(file):
    """A ContentFile of the picture in `file` without its metadata, or None when it has none."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            if getattr(image, "is_animated", False) or image.format not in {"JPEG", "PNG", "WEBP"}:
                return None
            if not (METADATA_KEYS & set(image.info) or image.getexif()):
                return None
            icc = image.info.get("icc_profile")
            fmt = image.format
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            options = {"icc_profile": icc} if icc else {}
            if fmt == "JPEG":
                upright.save(out, "JPEG", quality=92, optimize=True, **options)
            elif fmt == "WEBP":
                upright.save(out, "WEBP", quality=90, **options)
            else:
                upright.save(out, "PNG", optimize=True, **options)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None  # the validators refuse what Pillow cannot read; nothing to strip here
    finally:
        file.seek(0)
    return ContentFile(out.getvalue())


class ImageField(models.ImageField):
    """An ImageField whose new uploads are stored without their metadata."""

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            cleaned = without_metadata(file.file)
            if cleaned is not None:
                file.file = cleaned
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        # Only Python behaviour differs: migrations see the plain ImageField column.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

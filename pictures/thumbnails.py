"""Thumbnails for the newsroom's pages (the library's list, the pickers): the smallest square crop
of an image in WebP, once its renditions exist; until then, the original."""

from django.core.files.storage import default_storage

from .renditions import manifest_for


def thumbnail_url(file):
    """The address of a small square picture of the image in FieldFile `file` ("" for none)."""
    if not file:
        return ""
    square = (manifest_for(file).get("crops") or {}).get("square")
    if not square:
        return file.url
    storage = getattr(file, "storage", default_storage)
    sources = {source["type"]: source["srcset"] for source in square["sources"]}
    srcset = sources.get("image/webp") or square["sources"][-1]["srcset"]
    return storage.url(srcset[-1][0])  # the 192 px one: sharp at twice the size it is shown

"""An image as one plain file, for the places that take a single URL rather than a `<picture>`:
feed items, their enclosures, structured data and the share card.

It is the same rendition the page's `<img src>` falls back to (`pictures.renditions`): the widest
one in the format every client reads (JPEG, or PNG for a transparent image; an animation's own
GIF). While an image has no renditions yet (`pictures.tasks` is making them) it is the uploaded
original, with the size its header gives.
"""

import mimetypes
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.storage import default_storage

from .renditions import cache_key, manifest_for


@dataclass(frozen=True)
class PlainImage:
    name: str  # the stored file's name
    url: str  # its address: a path on this site unless media is served from elsewhere
    type: str  # its MIME type
    width: int | None
    height: int | None
    storage: object


def plain_image(file):
    """The `PlainImage` of the image in FieldFile `file`, None for an empty field."""
    if not file:
        return None
    storage = getattr(file, "storage", default_storage)
    manifest = manifest_for(file)
    if manifest.get("pending"):
        guessed = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return PlainImage(file.name, file.url, guessed, manifest["width"], manifest["height"], storage)
    fallback = manifest["sources"][-1]
    name, width = fallback["srcset"][-1]
    height = round(manifest["height"] * width / manifest["width"])
    return PlainImage(name, storage.url(name), fallback["type"], width, height, storage)


def stored_sizes(images):
    """{name: bytes} of each `PlainImage` in `images` (None where the file is gone), asked of the
    storage once per file and then kept: stored names never change, so a size never goes stale."""
    keys = {image.name: f"{cache_key(image.name, image.storage)}:size" for image in images}
    known = cache.get_many(list(keys.values()))
    sizes, found = {}, {}
    for image in images:
        key = keys[image.name]
        if key in known:
            sizes[image.name] = known[key]
            continue
        try:
            sizes[image.name] = found[key] = image.storage.size(image.name)
        except OSError:
            sizes[image.name] = None
    if found:
        cache.set_many(found, None)
    return sizes

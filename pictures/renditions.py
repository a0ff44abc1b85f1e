"""Renditions: the resized copies of an uploaded image that pages serve instead of the original.

Each image gets a few widths in AVIF (when this Pillow can write it) and WebP, plus the original
format as the fallback; an animated GIF gets animated WebP, with the GIF itself as the fallback.
They are made once per image — on the first request that needs them, or ahead of time by
`make_renditions` — and stored through Django's storage API beside a small JSON manifest, so the
same code works on a local folder or on object storage. The manifest is cached, so a page asks
the cache, never the storage, once the renditions exist. Uploaded file names never change (the
storage picks a free name), so a manifest never goes stale.
"""

import io
import json
import posixpath

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageSequence, features

from .decoding import open_upright

WIDTHS = (360, 720, 1080, 1440)
FOLDER = "renditions"
MANIFEST = "manifest.json"
VERSION = 1
QUALITY = {"AVIF": 55, "WEBP": 78, "JPEG": 80}
MIME = {
    "AVIF": "image/avif",
    "WEBP": "image/webp",
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
}


def modern_formats():
    """Formats listed before the fallback, best first."""
    return ["AVIF", "WEBP"] if features.check("avif") else ["WEBP"]


# How long one request may take to make an image's renditions before another may try.
MAKING_SECONDS = 60


def folder_of(name):
    """Where the renditions of the stored file `name` live: renditions/<name>/."""
    return posixpath.join(FOLDER, name)


def cache_key(name, storage):
    where = getattr(storage, "location", "") or getattr(storage, "bucket_name", "")
    return f"renditions:{VERSION}:{where}:{name}"


# How many times this process showed an original because its renditions were not there (yet): a
# page kept for a while (the article's skeleton) is kept briefly when it grew during its render.
originals_shown = 0


def manifest_for(file):
    """The manifest of the image in FieldFile `file`, making the renditions if they do not exist.

    None when the file is missing or cannot be read: the page then shows the original.
    """
    storage = getattr(file, "storage", default_storage)
    key = cache_key(file.name, storage)
    manifest = cache.get(key)
    if manifest is None:
        manifest = read_manifest(file.name, storage) or make_once(key, file.name, storage)
        if manifest is not None:
            cache.set(key, manifest, None)
        else:
            global originals_shown
            originals_shown += 1
    return manifest


def make_once(key, name, storage):
    """Make the renditions unless another request is making them right now (several app servers
    may show a new image at once): that request's page shows the original meanwhile."""
    lock = f"{key}:making"
    if not cache.add(lock, True, MAKING_SECONDS):
        return None
    try:
        return make(name, storage)
    finally:
        cache.delete(lock)


def read_manifest(name, storage):
    path = posixpath.join(folder_of(name), MANIFEST)
    try:
        with storage.open(path) as stored:
            manifest = json.load(stored)
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("version") == VERSION else None


def make(name, storage):
    """Write every rendition of the stored image `name`, then its manifest; return the manifest."""
    try:
        with storage.open(name) as source, Image.open(source) as image:
            if getattr(image, "is_animated", False):
                manifest = make_animated(name, image, storage)
            else:
                manifest = make_still(name, image, storage)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    try:
        storage.delete(posixpath.join(folder_of(name), MANIFEST))
        storage.save(posixpath.join(folder_of(name), MANIFEST), ContentFile(json.dumps(manifest).encode()))
    except OSError:
        return None  # the next page to show the image tries again
    return manifest


def widths_for(width):
    """The rendition widths for a source `width` pixels wide: never upscaled."""
    return [w for w in WIDTHS[:-1] if w < width] + [min(width, WIDTHS[-1])]


def fallback_format(image):
    """The original's format for browsers without WebP: JPEG stays JPEG, others become PNG
    (a still WebP becomes JPEG unless it is transparent)."""
    if image.format == "JPEG":
        return "JPEG"
    if image.format == "WEBP" and not image.has_transparency_data:
        return "JPEG"
    return "PNG"


def make_still(name, image, storage):
    fallback = fallback_format(image)
    upright = open_upright(image, WIDTHS[-1])
    width, height = upright.size
    widths = widths_for(width)
    mode = "RGB" if fallback == "JPEG" else "RGBA"
    if upright.mode != mode:
        upright = upright.convert(mode)
    sources = {fmt: [] for fmt in [*modern_formats(), fallback]}
    for target in widths:
        resized = upright.resize((target, round(height * target / width)), Image.Resampling.LANCZOS)
        for fmt in sources:
            data = encode(resized, fmt)
            sources[fmt].append([save(storage, name, f"{target}.{fmt.lower()}", data), target])
    return manifest(widths[-1], round(height * widths[-1] / width), sources, animated=False)


def make_animated(name, image, storage):
    """Animated WebP, a fraction of the GIF's size; the original animation is the fallback."""
    width, height = image.size
    target = min(width, WIDTHS[1])
    size = (target, round(height * target / width))
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        resized = frame.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
        resized.info = {}  # a GIF's comment would be written into the still
        frames.append(resized)
    out = io.BytesIO()
    frames[0].save(
        out, "WEBP", save_all=True, append_images=frames[1:], duration=durations, loop=0, quality=70, method=4
    )
    still = io.BytesIO()
    frames[0].convert("RGB").save(still, "JPEG", quality=QUALITY["JPEG"], optimize=True)
    sources = {"WEBP": [[save(storage, name, f"{target}.webp", out.getvalue()), target]]}
    if image.format != "WEBP":
        sources[image.format] = [[name, width]]
    result = manifest(*size, sources, animated=True)
    result["poster"] = save(storage, name, f"{target}-still.jpg", still.getvalue())
    return result


def manifest(width, height, sources, *, animated):
    return {
        "version": VERSION,
        "width": width,
        "height": height,
        "animated": animated,
        "sources": [{"type": MIME[fmt], "srcset": srcset} for fmt, srcset in sources.items()],
    }


def encode(image, fmt):
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=QUALITY["WEBP"], method=4)
    elif fmt == "AVIF":
        image.save(out, "AVIF", quality=QUALITY["AVIF"], speed=8)
    else:
        image.save(out, "JPEG", quality=QUALITY["JPEG"], optimize=True, progressive=True)
    return out.getvalue()


def save(storage, name, suffix, data):
    return storage.save(posixpath.join(folder_of(name), suffix), ContentFile(data))


def forget(name, storage=None):
    """Drop the cached manifest of `name` (after its renditions were deleted)."""
    cache.delete(cache_key(name, storage or default_storage))

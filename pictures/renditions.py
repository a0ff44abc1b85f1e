"""Renditions: the resized copies of an uploaded image that pages serve instead of the original.

Each image gets a few widths in AVIF (when this Pillow can write it) and WebP, plus the original
format as the fallback; an animated GIF gets animated WebP, with the GIF itself as the fallback.
They are made away from the request path, once per stored file: by the Celery task that saving an
image queues (`pictures.tasks`), or by `make_renditions` for files stored before. They are stored
through Django's storage API beside a small JSON manifest, so the same code works on a local
folder or on object storage. Uploaded file names never change (the storage picks a free name), so
a manifest never goes stale: a name comes back only once its file was deleted, and storing a new
file under it first deletes whatever renditions were left there (`discard`, `pictures.uploads`).

Pages that show an image in a fixed shape (a 16:9 hero or card, a square avatar, a portrait)
use its cropped renditions (`CROPS`), cut around the focal point its media library record gives
(`pictures.models.Image`; the centre without one). Their names carry the focal point
(renditions/<name>/crops/<x>-<y>/...): moving it makes new crops under new names, rewrites the
manifest and sends `renditions_ready`, so no cache keeps showing the old crop.

A page only reads: the manifest from the cache (or, once per server, from storage). Until it
exists the page shows the original, sized from its header, and asks again `PENDING_SECONDS`
later; the task that makes the renditions caches the manifest and then sends `renditions_ready`,
on which the pages that show the image are purged from the caches in front of the site.
"""

import io
import json
import logging
import posixpath
import re

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.dispatch import Signal
from PIL import Image, ImageSequence, features

from .decoding import open_upright

logger = logging.getLogger(__name__)

WIDTHS = (360, 720, 1080, 1440)
# The shapes pages crop images to (their CSS `aspect-ratio`): the ratio and the widths made.
CROPS = {
    "wide": ((16, 9), WIDTHS),  # article heroes, listing cards, video stills
    "square": ((1, 1), (96, 192)),  # authors' avatars
    "portrait": ((4, 5), (180, 360)),  # actors' photos
    "poster": ((2, 3), (180, 360)),  # dramas' posters
}
CENTRE = (0.5, 0.5)
CROP_FOLDER = re.compile(r"\d{4}-\d{4}")
# The widest an image is shown, in CSS pixels (the article column): an animation is made this wide
# at most (one width only, as animated WebP is large), never wider than the GIF itself.
SHOWN_WIDTH = 720
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


# How long one task may take to make an image's renditions before another may try.
MAKING_SECONDS = 300
# How long a page keeps serving the original of an image without renditions before it looks again
# (the task that makes them replaces this at once where the cache is shared).
PENDING_SECONDS = 30

# Sent with `name` (a stored file) once its renditions were made and their manifest cached.
renditions_ready = Signal()

# What make_for() did.
MADE, READY, BUSY, UNREADABLE = "made", "ready", "busy", "unreadable"


def source_of(path):
    """The stored image a file under renditions/ was made from, and the crops folder it is in
    (None for the whole renditions and the manifest)."""
    head = posixpath.dirname(path)[len(FOLDER) + 1 :]
    parent, focus = posixpath.split(head)
    source, crops = posixpath.split(parent)
    if crops == "crops" and CROP_FOLDER.fullmatch(focus):
        return source, f"crops/{focus}"
    return head, None


def folder_of(name):
    """Where the renditions of the stored file `name` live: renditions/<name>/."""
    return posixpath.join(FOLDER, name)


def cache_key(name, storage):
    where = getattr(storage, "location", "") or getattr(storage, "bucket_name", "")
    return f"renditions:{VERSION}:{where}:{name}"


def manifest_for(file):
    """The manifest of the image in FieldFile `file`; never makes anything.

    While the image has no renditions (they are being made, or the file cannot be read), a dict
    with only the original's `width` and `height` (None when unknown), with "pending" set.
    """
    storage = getattr(file, "storage", default_storage)
    key = cache_key(file.name, storage)
    manifest = cache.get(key)
    if manifest is None:
        manifest = read_manifest(file.name, storage)
        if manifest is not None:
            cache.set(key, manifest, None)
        else:
            manifest = {"pending": True, **original_size(file.name, storage)}
            cache.add(key, manifest, PENDING_SECONDS)  # add: never over a manifest just made
    return manifest


def original_size(name, storage):
    """The stored original's width and height, from its header (originals are stored upright)."""
    try:
        with storage.open(name) as stored:
            width, height = get_image_dimensions(stored)
    except Exception:  # noqa: BLE001 - a missing or damaged file: the page shows it unsized, never fails
        width = height = None
    return {"width": width, "height": height}


def read_manifest(name, storage):
    path = posixpath.join(folder_of(name), MANIFEST)
    try:
        with storage.open(path) as stored:
            manifest = json.load(stored)
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("version") == VERSION else None


def make_for(name, storage=None):
    """Make the renditions of the stored image `name` unless they exist; what happened (MADE,
    READY, BUSY: another process is making them right now, UNREADABLE: logged).

    Safe to run twice and at once: a lock in the shared cache lets one process make them, and a
    manifest found in storage means there is nothing to do. Never raises for a bad file.
    """
    storage = storage or default_storage
    key = cache_key(name, storage)
    focus = focus_of(name)
    if is_current(read_manifest(name, storage), focus):
        return READY
    lock = f"{key}:making"
    if not cache.add(lock, True, MAKING_SECONDS):
        return BUSY
    try:
        made = read_manifest(name, storage)
        if is_current(made, focus):  # made by another process since the first look
            return READY
        manifest = make(name, storage, focus, made)
    finally:
        cache.delete(lock)
    if manifest is None:
        return UNREADABLE
    cache.set(key, manifest, None)
    renditions_ready.send(sender=None, name=name)
    return MADE


def focus_of(name):
    """The focal point of the stored image `name` (its media library record's)."""
    from .models import focus_of  # noqa: PLC0415 - the models import this module

    return focus_of(name)


def is_current(manifest, focus):
    """Whether `manifest` exists and holds the crops for the focal point `focus`."""
    return manifest is not None and tuple(manifest.get("focus") or ()) == tuple(focus)


def make(name, storage, focus=CENTRE, made=None):
    """Write every rendition of the stored image `name` (only its crops when `made`, its manifest,
    already has the others), then its manifest; return the manifest, or None (logged) when the
    file is missing, is not an image Pillow can read, or cannot be stored."""
    try:
        with storage.open(name) as source, Image.open(source) as image:
            if getattr(image, "is_animated", False):
                manifest = made or make_animated(name, image, storage)
                manifest["crops"] = {}  # an animation is shown whole
            else:
                fallback = fallback_format(image)
                upright = prepared(image, fallback)
                manifest = made or make_still(name, upright, fallback, storage)
                manifest["crops"] = make_crops(name, upright, fallback, focus, storage)
            manifest["focus"] = list(focus)
        storage.delete(posixpath.join(folder_of(name), MANIFEST))
        storage.save(posixpath.join(folder_of(name), MANIFEST), ContentFile(json.dumps(manifest).encode()))
    except Exception as error:  # noqa: BLE001 - a damaged file raises anything from Pillow's decoders
        logger.warning("Cannot make the renditions of %s: %s: %s", name, type(error).__name__, error)
        return None
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


def prepared(image, fallback):
    """The still `image` upright, decoded at the scale the widest rendition needs, in the mode its
    fallback format takes."""
    upright = open_upright(image, WIDTHS[-1])
    mode = "RGB" if fallback == "JPEG" else "RGBA"
    return upright if upright.mode == mode else upright.convert(mode)


def make_still(name, upright, fallback, storage):
    width, height = upright.size
    widths = widths_for(width)
    sources = {fmt: [] for fmt in [*modern_formats(), fallback]}
    for target in widths:
        resized = upright.resize((target, round(height * target / width)), Image.Resampling.LANCZOS)
        for fmt in sources:
            data = encode(resized, fmt)
            sources[fmt].append([save(storage, name, f"{target}.{fmt.lower()}", data), target])
    return manifest(widths[-1], round(height * widths[-1] / width), sources, animated=False)


def crop_box(width, height, ratio, focus):
    """The largest box of shape `ratio` within a `width` × `height` picture, centred on `focus`
    (fractions of the width and height) as far as the edges allow."""
    across, down = ratio
    if width * down > height * across:  # wider than the shape: the sides go
        w, h = max(1, round(height * across / down)), height
    else:
        w, h = width, max(1, round(width * down / across))
    left = min(max(round(focus[0] * width - w / 2), 0), width - w)
    top = min(max(round(focus[1] * height - h / 2), 0), height - h)
    return (left, top, left + w, top + h)


def crop_folder(focus):
    """The folder of one focal point's crops: renditions/<name>/crops/<x>-<y> in thousandths."""
    return "crops/" + "-".join(f"{round(value * 1000):04d}" for value in focus)


def make_crops(name, upright, fallback, focus, storage):
    """Each of `CROPS`, cut around `focus`: {shape: {"width", "height", "sources"}}."""
    crops = {}
    for shape, (ratio, widths) in CROPS.items():
        cropped = upright.crop(crop_box(*upright.size, ratio, focus))
        width = cropped.width
        targets = sorted({w for w in widths if w < width} | {min(width, widths[-1])})
        sources = {fmt: [] for fmt in [*modern_formats(), fallback]}
        for target in targets:
            size = (target, max(1, round(cropped.height * target / width)))
            resized = cropped.resize(size, Image.Resampling.LANCZOS)
            for fmt in sources:
                suffix = posixpath.join(crop_folder(focus), f"{shape}-{target}.{fmt.lower()}")
                sources[fmt].append([save(storage, name, suffix, encode(resized, fmt)), target])
        crops[shape] = {
            "width": targets[-1],
            "height": max(1, round(cropped.height * targets[-1] / width)),
            "sources": [{"type": MIME[fmt], "srcset": srcset} for fmt, srcset in sources.items()],
        }
    return crops


def make_animated(name, image, storage):
    """Animated WebP as wide as the image is shown (`SHOWN_WIDTH`) or as the GIF, if narrower: a
    fraction of the GIF's size, every frame with its timing and the GIF's looping kept. The
    original animation is the fallback."""
    width, height = image.size
    target = min(width, SHOWN_WIDTH)
    loop = image.info.get("loop", 1)  # a GIF without a loop count plays once; WebP's 0 loops forever
    size = (target, round(height * target / width))
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        resized = frame.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
        durations.append(frame.info.get("duration", 100))  # a WebP frame tells it once loaded
        resized.info = {}  # a GIF's comment would be written into the still
        frames.append(resized)
    out = io.BytesIO()
    frames[0].save(
        out,
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=loop,
        quality=70,
        method=4,
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


def discard(name, storage=None):
    """Delete every rendition stored for `name`, manifest first, then forget its cached manifest:
    a new file was just stored under the name of an earlier, deleted one (`pictures.uploads`)."""
    storage = storage or default_storage
    folder = folder_of(name)
    for file in sorted(files_under(storage, folder), key=lambda file: file != MANIFEST):
        storage.delete(posixpath.join(folder, file))
    forget(name, storage)


def files_under(storage, folder):
    """The names of the files under `folder`, relative to it, sub-folders (the crops) included."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from files
    for sub in folders:
        yield from (posixpath.join(sub, file) for file in files_under(storage, posixpath.join(folder, sub)))


def forget(name, storage=None):
    """Drop the cached manifest of `name` (after its renditions were deleted)."""
    cache.delete(cache_key(name, storage or default_storage))

"""`{% picture image alt sizes=... %}`: an uploaded image as a responsive <picture>.

Every <img> gets width and height (no layout shift), lazy loading unless `priority` is set (the
lead image, fetched first with fetchpriority="high"), and a srcset per format, best first. Until
an image's renditions are made (`pictures.tasks`), the <img> is the original, with its own size.

`crop="wide"` (or another of `pictures.renditions.CROPS`) serves the renditions cut to that shape
around the image's focal point, where the page shows it in that shape; an image whose manifest has
no such crop (an animation, or renditions made before crops were) gets its whole renditions, which
the page's CSS crops as before.
"""

import re

from django import template
from django.core.files.storage import FileSystemStorage, default_storage

from ..picture_html import picture_html
from ..renditions import manifest_for

register = template.Library()


@register.simple_tag
def picture(image, alt="", sizes="100vw", priority=False, css_class="", img_class="", crop=""):
    """`pictures/picture.html` for the image, written out in Python (`picture_html`)."""
    return picture_html(picture_context(image, alt, sizes, priority, css_class, img_class, crop))


def picture_context(image, alt="", sizes="100vw", priority=False, css_class="", img_class="", crop=""):
    """The context `pictures/picture.html` renders the image with."""
    if not image:
        return {"picture": None}
    storage = getattr(image, "storage", default_storage)
    url = url_maker(storage)
    manifest = manifest_for(image)
    if manifest.get("pending"):  # no renditions yet: the original, at its own size
        return {
            "picture": {
                "src": image.url,
                "alt": alt,
                "priority": priority,
                "width": manifest["width"],
                "height": manifest["height"],
            },
            "css_class": css_class,
            "img_class": img_class,
        }
    cropped = (manifest.get("crops") or {}).get(crop) if crop else None
    if cropped:
        manifest = {**manifest, **cropped}
    sources = [
        {
            "type": source["type"],
            "srcset": ", ".join(f"{url(name)} {w}w" for name, w in source["srcset"]),
        }
        for source in manifest["sources"]
    ]
    fallback = manifest["sources"][-1]["srcset"]
    return {
        "picture": {
            "sources": sources[:-1],
            "src": url(fallback[-1][0]),
            "srcset": sources[-1]["srcset"],
            "sizes": sizes,
            "width": manifest["width"],
            "height": manifest["height"],
            "alt": alt,
            "priority": priority,
            "animated": manifest["animated"],
            "poster": url(manifest["poster"]) if manifest.get("poster") else None,
        },
        "css_class": css_class,
        "img_class": img_class,
    }


# A relative path of plain segments (none empty, none starting with a dot): what `urljoin` leaves as it is.
PLAIN_NAME = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*", re.ASCII)


def url_maker(storage):
    """`storage.url`; for the file system's storage, a plain name is put after `base_url` as it is
    (what `urljoin` and `filepath_to_uri` would give), without their parsing and quoting: a page's
    pictures ask for some seventy addresses."""
    if storage.__class__.url is FileSystemStorage.url:  # `__class__`: `default_storage` is a lazy object
        base = storage.base_url
        if base.endswith("/") and "?" not in base and "#" not in base:

            def url(name):
                return base + name if PLAIN_NAME.fullmatch(name) else storage.url(name)

            return url
    return storage.url


def srcset(storage, source):
    return ", ".join(f"{storage.url(name)} {width}w" for name, width in source["srcset"])

"""`{% picture image alt sizes=... %}`: an uploaded image as a responsive <picture>.

Every <img> gets width and height (no layout shift), lazy loading unless `priority` is set (the
lead image, fetched first with fetchpriority="high"), and a srcset per format, best first. Until
an image's renditions are made (`pictures.tasks`), the <img> is the original, with its own size.
"""

from django import template
from django.core.files.storage import default_storage

from ..renditions import manifest_for

register = template.Library()


@register.inclusion_tag("pictures/picture.html")
def picture(image, alt="", sizes="100vw", priority=False, css_class="", img_class=""):
    if not image:
        return {"picture": None}
    storage = getattr(image, "storage", default_storage)
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
    sources = [
        {
            "type": source["type"],
            "srcset": ", ".join(f"{storage.url(name)} {w}w" for name, w in source["srcset"]),
        }
        for source in manifest["sources"]
    ]
    fallback = manifest["sources"][-1]["srcset"]
    return {
        "picture": {
            "sources": sources[:-1],
            "src": storage.url(fallback[-1][0]),
            "srcset": sources[-1]["srcset"],
            "sizes": sizes,
            "width": manifest["width"],
            "height": manifest["height"],
            "alt": alt,
            "priority": priority,
            "animated": manifest["animated"],
            "poster": storage.url(manifest["poster"]) if manifest.get("poster") else None,
        },
        "css_class": css_class,
        "img_class": img_class,
    }


def srcset(storage, source):
    return ", ".join(f"{storage.url(name)} {width}w" for name, width in source["srcset"])

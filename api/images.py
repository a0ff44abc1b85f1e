"""An uploaded image as the API gives it: the renditions pages serve, as absolute URLs.

The same renditions as the `picture` tag's (`pictures.renditions.manifest_for`): AVIF and WebP at
a few widths, best format first, and the original's format as the fallback. Until an image's
renditions are made (`pictures.tasks`), the original alone at its own size, as the page shows it.
"""

from django.core.files.storage import default_storage

from pictures.renditions import manifest_for


def image(request, file, alt):
    """The `Image` schema's dict for the FieldFile `file`, or None when there is no image."""
    if not file:
        return None
    absolute = request.build_absolute_uri
    manifest = manifest_for(file)
    if manifest.get("pending"):
        return {
            "url": absolute(file.url),
            "alt": alt,
            "width": manifest["width"],
            "height": manifest["height"],
            "animated": False,
            "poster": None,
            "sources": [],
        }
    storage = getattr(file, "storage", default_storage)
    sources = [
        {
            "type": source["type"],
            "renditions": [
                {"url": absolute(storage.url(name)), "width": width} for name, width in source["srcset"]
            ],
        }
        for source in manifest["sources"]
    ]
    fallback = manifest["sources"][-1]["srcset"][-1][0]
    poster = manifest.get("poster")
    return {
        "url": absolute(storage.url(fallback)),
        "alt": alt,
        "width": manifest["width"],
        "height": manifest["height"],
        "animated": manifest["animated"],
        "poster": absolute(storage.url(poster)) if poster else None,
        "sources": sources,
    }

"""`pictures/picture.html` written out in Python.

Every picture of a page (an article's lead image, its cards', its clips' stills) went through its
own template render, some forty variable lookups each. `picture_html` writes the same bytes from the
`picture` tag's context; `tests/pictures/test_picture_html.py` holds it byte for byte to the
template for every shape of picture (change both together). The template stays the reference.
"""

from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

TOGGLE = (
    '<button class="animation__toggle" type="button" hidden data-animation-toggle aria-pressed="false">'
    "Play the animation</button></span>"
)


def picture_html(context):
    """What `picture.html` renders for the `picture` tag's context."""
    picture = context["picture"]
    if not picture:
        return mark_safe("\n")  # noqa: S308
    animated, sizes = picture.get("animated"), esc(picture.get("sizes", ""))
    css_class, img_class = context.get("css_class"), context.get("img_class")
    html = '<span class="animation" data-animation>' if animated else ""
    html += f'<picture class="{esc(css_class)}">' if css_class else "<picture>"
    if picture.get("poster"):
        still = f"{esc(picture['poster'])} {esc(picture['width'])}w"
        html += (
            '\n  <source media="(prefers-reduced-motion: reduce)"'
            f' srcset="{still}" sizes="{sizes}" data-animation-still>'
        )
    for source in picture.get("sources") or ():
        html += f'\n  <source type="{esc(source["type"])}" srcset="{esc(source["srcset"])}" sizes="{sizes}">'
    html += f'\n  <img class="{esc(img_class)}"' if img_class else "\n  <img"
    html += f' src="{esc(picture["src"])}"'
    if picture.get("srcset"):
        html += f' srcset="{esc(picture["srcset"])}" sizes="{sizes}"'
    html += f' alt="{esc(picture["alt"])}"'
    if picture.get("width"):
        html += f' width="{esc(picture["width"])}" height="{esc(picture["height"])}"'
    html += ' fetchpriority="high"' if picture.get("priority") else ' loading="lazy"'
    html += ' decoding="async">\n</picture>'
    if animated:
        html += TOGGLE
    return mark_safe(html + "\n")  # noqa: S308 (every value escaped)

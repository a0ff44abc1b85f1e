"""The `picture` tag's HTML written out in Python (`picture_html`) is byte for byte what
`pictures/picture.html` renders, for every shape of picture."""

from itertools import product

import pytest
from django.template.loader import render_to_string

from pictures.picture_html import picture_html

AWKWARD = "A <b>&amp;</b> \"quoted\" 'single'"


def made(animated, poster, sources, priority):
    return {
        "sources": [
            {"type": "image/avif", "srcset": "/media/a&b-360.avif 360w, /media/a-720.avif 720w"},
            {"type": "image/webp", "srcset": "/media/a-360.webp 360w"},
        ][:sources],
        "src": "/media/a-720.jpg?x=1&y=2",
        "srcset": "/media/a-360.jpg 360w, /media/a-720.jpg 720w" if sources else "",
        "sizes": "(min-width: 760px) 720px, 100vw",
        "width": 720,
        "height": 405,
        "alt": AWKWARD,
        "priority": priority,
        "animated": animated,
        "poster": "/media/a-poster.jpg" if poster else None,
    }


def pending(priority, width):
    return {
        "src": "/media/original <1>.jpg",
        "alt": AWKWARD,
        "priority": priority,
        "width": width,
        "height": 9,
    }


PICTURES = [
    None,
    *(made(*shape) for shape in product([False, True], [False, True], [0, 1, 2], [False, True])),
]
PICTURES += [pending(priority, width) for priority in (False, True) for width in (0, 16)]


@pytest.mark.parametrize("picture", PICTURES)
@pytest.mark.parametrize(
    ("css_class", "img_class"), [("", ""), ("hero <x>", ""), ("", "video__still"), ("a", "b")]
)
def test_a_picture_is_what_the_template_renders(picture, css_class, img_class):
    context = {"picture": picture, "css_class": css_class, "img_class": img_class}
    assert picture_html(context) == render_to_string("pictures/picture.html", context)


def test_no_image_renders_what_the_template_renders_for_none():
    assert picture_html({"picture": None}) == render_to_string("pictures/picture.html", {"picture": None})


@pytest.mark.parametrize(
    "name",
    [
        "renditions/ab/cd-360.avif",
        "hero.jpg",
        "a b.jpg",
        "a//b.jpg",
        "a/./b.jpg",
        "a/../b.jpg",
        ".hidden/x.jpg",
        "/rooted.jpg",
        "café/ü.webp",
        "x?y#z.jpg",
        "http://elsewhere/x.jpg",
        "a:b.jpg",
        "100%.jpg",
    ],
)
@pytest.mark.parametrize("base_url", ["/media/", "https://cdn.example/media/", "/media"])
def test_a_pictures_addresses_are_the_storages_own(name, base_url):
    from django.core.files.storage import FileSystemStorage

    from pictures.templatetags.pictures import url_maker

    storage = FileSystemStorage(location="/tmp/unused", base_url=base_url)
    assert url_maker(storage)(name) == storage.url(name)


def test_the_default_storage_gets_its_addresses_the_same_way(settings):
    from django.core.files.storage import default_storage

    from pictures.templatetags.pictures import url_maker

    assert url_maker(default_storage)("renditions/a/b-360.avif") == default_storage.url(
        "renditions/a/b-360.avif"
    )

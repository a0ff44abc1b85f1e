"""Every reader page serves its images as sized renditions: the lead image first, the rest lazily."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories

pytestmark = pytest.mark.django_db


def jpeg(name, size=(800, 450)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = Images()
    parser.feed(response.content.decode())
    return parser.images


@pytest.fixture
def pictured(db, django_capture_on_commit_callbacks):
    """Pictures saved and committed: their renditions are made (in-process, without a broker)."""
    with django_capture_on_commit_callbacks(execute=True):
        author = factories.AuthorFactory(slug="bina", avatar=jpeg("bina.jpg", (120, 120)))
        drama = factories.DramaFactory(
            slug="goblin", poster=jpeg("goblin.jpg", (300, 450)), poster_alt="Poster"
        )
        role = factories.RoleFactory(
            drama=drama, actor__slug="gong-yoo", actor__photo=jpeg("gy.jpg", (300, 375))
        )
        role.actor.photo_alt = "Gong Yoo"
        role.actor.save()
        listicles = []
        for number in range(3):
            listicle = factories.PublishedListicleFactory(
                author=author, hero_image=jpeg(f"hero{number}.jpg"), hero_alt=f"Hero {number}"
            )
            entry = factories.EntryFactory(listicle=listicle, drama=drama)
            entry.featuring.set([role])
            listicle.tags.add("romance")
            listicles.append(listicle)
    return listicles


@pytest.mark.parametrize(
    "url", ["/", "/tag/romance/", "/author/bina/", "/drama/goblin/", "/actor/gong-yoo/", "article"]
)
def test_every_image_has_width_height_and_renditions(client, pictured, url):
    url = pictured[0].get_absolute_url() if url == "article" else url

    images = images_on(client, url)

    assert images
    for image in images:
        assert image["width"].isdigit() and image["height"].isdigit(), image
        assert "/media/renditions/" in image["src"], image
        assert image.get("srcset") and image.get("sizes"), image
        assert ("fetchpriority" in image) != (image.get("loading") == "lazy"), image


def test_home_fetches_the_lead_card_first_and_the_others_lazily(client, pictured):
    images = images_on(client, "/")

    assert images[0].get("fetchpriority") == "high" and "loading" not in images[0]
    assert re.search(r"660px", images[0]["sizes"])
    assert all(image.get("loading") == "lazy" for image in images[1:])


def test_article_hero_is_fetched_first_and_related_cards_lazily(client, pictured):
    images = images_on(client, pictured[0].get_absolute_url())

    hero = next(image for image in images if image["alt"] == "Hero 0")
    assert hero.get("fetchpriority") == "high"
    cards = [image for image in images if "/listicles/" in image["src"] and image is not hero]
    assert len(cards) == 2 and all(card.get("loading") == "lazy" for card in cards)

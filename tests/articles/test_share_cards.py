"""The share card (og:image): drawn once per edit, stored in media, at an address that changes with
the card and may be kept forever."""

import io
import re
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import share_cards
from articles.models import Status
from tests import factories

pytestmark = pytest.mark.django_db

CARD = re.compile(
    r'<meta property="og:image" content="http://testserver(/article/\d+/card/[0-9a-f]{20}\.jpg)">'
)


def page(client, listicle):
    response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def card_path(client, listicle):
    return CARD.search(page(client, listicle)).group(1)


def jpeg(name="hero.jpg", size=(1600, 900), colour="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def article(db):
    return factories.PublishedListicleFactory(title="Confessions & more", slug="confessions")


def test_the_card_is_a_1200_by_630_jpeg_kept_forever(client, article):
    response = client.get(card_path(client, article))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {
        "public",
        "max-age=31536000",
        "immutable",
    }
    assert not response.cookies


def test_the_card_is_drawn_once_and_stored_in_media(client, article):
    path = card_path(client, article)
    key = path.rsplit("/", 1)[-1].removesuffix(".jpg")

    with mock.patch.object(share_cards, "draw_card", wraps=share_cards.draw_card) as draw:
        first = client.get(path)
        second = client.get(path)

    assert draw.call_count == 1
    assert first.content == second.content
    assert default_storage.exists(f"cards/{article.pk}/{key}.jpg")


def test_an_edit_to_the_title_or_picture_moves_the_card_and_the_old_address_redirects(client, article):
    old = card_path(client, article)
    client.get(old)

    article.title = "Confessions, ranked"
    article.save()
    new = card_path(client, article)
    moved = client.get(old)
    assert client.get(new).status_code == 200
    article.hero_image = jpeg()
    article.hero_alt = "Two leads"
    article.save()
    newest = card_path(client, article)

    assert len({old, new, newest}) == 3
    assert moved.status_code == 302 and moved["Location"] == new
    assert "immutable" not in moved["Cache-Control"]
    _, stored = default_storage.listdir(f"cards/{article.pk}")
    assert stored == [new.rsplit("/", 1)[-1]]  # the old card was deleted when the new one was drawn


def test_an_edit_the_card_does_not_show_keeps_its_address(client, article):
    before = card_path(client, article)

    article.dek = "Another summary"
    article.intro = "Other words."
    article.save()

    assert card_path(client, article) == before


def test_the_card_shows_the_lead_picture(client, article):
    article.hero_image = jpeg(colour=(200, 40, 40))
    article.hero_alt = "A red scene"
    article.save()

    image = Image.open(io.BytesIO(client.get(card_path(client, article)).content)).convert("RGB")

    red, green, blue = image.getpixel((1100, 190))
    assert red > 150 and green < 80 and blue < 80


def test_a_lead_picture_that_cannot_be_read_gives_a_title_card_that_is_not_kept(client, article):
    article.hero_image = jpeg()
    article.hero_alt = "Two leads"
    article.save()
    default_storage.delete(article.hero_image.name)
    path = card_path(client, article)

    response = client.get(path)

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "immutable" not in response["Cache-Control"]
    assert not default_storage.exists(f"cards/{article.pk}")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.ARCHIVED])
def test_the_card_of_an_article_readers_may_not_see_answers_404(client, article, status):
    path = card_path(client, article)
    factories.ListicleFactory._meta.model.objects.filter(pk=article.pk).update(status=status)

    assert client.get(path).status_code == 404


def test_unknown_articles_and_malformed_cards_answer_404_and_other_methods_405(client, article):
    path = card_path(client, article)

    assert client.get("/article/999999/card/0123456789abcdef0123.jpg").status_code == 404
    assert client.get(f"/article/{article.pk}/card/not%20a%20key.jpg").status_code == 404
    assert client.get(path.removesuffix(".jpg") + ".png").status_code == 404
    assert client.post(path).status_code == 405
    assert client.head(path).status_code == 200

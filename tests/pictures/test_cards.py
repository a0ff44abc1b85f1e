"""Share cards drawn with Pillow: 1200 × 630, the picture cropped to fill it, the title wrapped in
the bundled fonts, Hangul included, and nothing drawn as an empty box."""

import io

from PIL import Image, ImageChops

from pictures import cards

SITE = "Soompi"
TITLE_AREA = (cards.MARGIN, 330, cards.WIDTH - cards.MARGIN, cards.HEIGHT - 40)


def picture(size=(1600, 1200), colour=(40, 160, 120)):
    return Image.new("RGB", size, colour)


def card(title, picture=None):
    data = cards.draw_card(title, picture, site_name=SITE)
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image.convert("RGB")


def differs(first, second, box=None):
    difference = ImageChops.difference(first, second)
    return (difference.crop(box) if box else difference).getbbox() is not None


def test_the_card_is_1200_by_630_with_the_picture_cropped_to_fill_it():
    drawn = card("Goblin", picture((600, 1200), (40, 160, 120)))  # a tall picture, cropped

    assert drawn.size == (1200, 630)
    red, green, blue = drawn.getpixel((1100, 190))  # above the gradient: the picture itself
    assert abs(red - 40) < 12 and abs(green - 160) < 12 and abs(blue - 120) < 12
    darker = drawn.getpixel((1100, 620))
    assert sum(darker) < sum((40, 160, 120)) / 3  # darkened towards the bottom, where the title is


def test_without_a_picture_the_card_is_the_poster_gradient():
    drawn = card("Goblin")

    top_left, bottom_left = drawn.getpixel((5, 5)), drawn.getpixel((5, 625))
    assert top_left != bottom_left
    assert all(channel < 200 for channel in top_left + bottom_left)  # dark enough for white text


def test_the_title_is_written_and_a_different_title_draws_a_different_card():
    assert differs(card("Goblin"), card(""), TITLE_AREA)
    assert differs(card("Goblin"), card("Coffee Prince"), TITLE_AREA)


def test_hangul_is_written_in_the_hangul_font():
    assert cards.runs("도깨비 Goblin") == [("도깨비", 1), (" Goblin", 0)]
    assert differs(card("도깨비"), card(""), TITLE_AREA)
    assert differs(card("도깨비"), card("도깨미"), TITLE_AREA)  # real glyphs, not one box for all


def test_characters_no_font_has_are_left_out_rather_than_drawn_as_boxes():
    assert cards.font_for("\ue000") is None  # a private-use character
    assert cards.font_for("😀") is None

    assert not differs(card("Goblin \ue000😀"), card("Goblin"))
    assert not differs(card("😀😀"), card(""))  # nothing left: a card without a title


def test_a_long_title_shrinks_then_is_cut_with_an_ellipsis():
    short_lines, short_size = cards.wrap("Goblin")
    long_lines, long_size = cards.wrap("Confession " * 12)
    endless_lines, endless_size = cards.wrap("Confession " * 60)

    assert (short_lines, short_size) == (["Goblin"], cards.SIZES[0])
    assert long_size < short_size and len(long_lines) <= cards.MAX_LINES
    assert len(endless_lines) == cards.MAX_LINES and endless_size == cards.SIZES[-1]
    assert endless_lines[-1].endswith("…")
    fonts = cards.sized(endless_size)
    assert all(cards.width(line, fonts) <= cards.WIDTH - 2 * cards.MARGIN for line in endless_lines)


def test_a_word_wider_than_the_card_is_split():
    lines, size = cards.wrap("가" * 80)

    fonts = cards.sized(size)
    assert all(cards.width(line, fonts) <= cards.WIDTH - 2 * cards.MARGIN for line in lines)


def test_an_unreadable_picture_is_none():
    assert cards.open_picture(io.BytesIO(b"not an image")) is None


def test_a_transparent_picture_is_laid_on_the_poster_colour():
    transparent = Image.new("RGBA", (1200, 630), (0, 0, 0, 0))
    buffer = io.BytesIO()
    transparent.save(buffer, "PNG")

    opened = cards.open_picture(io.BytesIO(buffer.getvalue()))

    assert opened.mode == "RGB"
    assert opened.getpixel((10, 10)) == cards.POSTER[0]

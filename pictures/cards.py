"""Share cards: the 1200 × 630 picture that social networks and chat apps show with a link
(Open Graph's `og:image`), drawn with Pillow from a picture and a title.

The picture is cropped to fill the card and darkened by a gradient towards the bottom, where the
title is written in white, wrapped to at most four lines at the largest size that fits (the last
line ends in "…" when even the smallest does not). Without a picture the card is the site's
poster gradient. The site's mark sits in the top left corner.

The fonts ship with the app (`pictures/fonts/`, SIL Open Font License): Inter Bold for Latin,
Greek and Cyrillic, NanumSquare Bold for Hangul. Each character is written in the first of them
that has it; a character neither has (an emoji, a Chinese character NanumSquare lacks) is left
out rather than drawn as an empty box.
"""

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .decoding import open_upright
from .renditions import crop_box

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONTS = tuple(
    Path(__file__).resolve().parent / "fonts" / name for name in ("Inter-Bold.otf", "NanumSquareB.ttf")
)
SIZES = (72, 64, 56, 50, 44)  # the title's size: the largest that fits in MAX_LINES
MAX_LINES = 4
LINE_HEIGHT = 1.2
WHITE = (255, 255, 255)
ACCENT = (209, 18, 79)  # --accent in static/css/site.css
POSTER = ((43, 22, 64), (168, 13, 63))  # --poster-from, --poster-to
MISSING = "\U0010ffff"  # a noncharacter: every font draws its "no glyph" shape for it
QUALITY = 85


def draw_card(title, picture=None, *, site_name, focus=None):
    """The card as JPEG bytes. `picture` is an open PIL image (or None for a title-only card),
    cropped around `focus` (its focal point, fractions across and down) when given."""
    card = background(picture, focus)
    draw = ImageDraw.Draw(card)
    mark(draw, site_name)
    lines, size = wrap(title)
    if lines:
        fonts = sized(size)
        step = round(size * LINE_HEIGHT)
        baseline = HEIGHT - MARGIN - step * (len(lines) - 1)
        draw.rectangle((MARGIN, baseline - size - 36, MARGIN + 88, baseline - size - 28), fill=ACCENT)
        for line in lines:
            write(draw, (MARGIN, baseline), line, fonts)
            baseline += step
    out = io.BytesIO()
    card.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def open_picture(file):
    """The image in `file` (an open binary file), upright and decoded at the scale the card needs;
    None when it cannot be read."""
    try:
        with Image.open(file) as image:
            upright = open_upright(image, 2 * WIDTH)
            if upright.mode not in ("RGB", "L"):
                flat = Image.new("RGB", upright.size, POSTER[0])
                flat.paste(upright.convert("RGBA"), mask=upright.convert("RGBA"))
                upright = flat
            return upright.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def background(picture, focus=None):
    if picture is None:
        down = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
        across = Image.linear_gradient("L").rotate(90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        diagonal = Image.blend(across.resize((WIDTH, HEIGHT)), down, 0.35)
        return Image.composite(plain(POSTER[1]), plain(POSTER[0]), diagonal)
    if focus is not None:  # cut as the cropped renditions are, then only resized by the fit
        picture = picture.crop(crop_box(*picture.size, (WIDTH, HEIGHT), focus))
    card = ImageOps.fit(picture, (WIDTH, HEIGHT), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    # Black from nothing at a third of the way down to 85% at the bottom, and a light veil at the top
    # for the mark.
    shade = Image.new("L", (1, HEIGHT))
    for y in range(HEIGHT):
        below = max(0.0, (y - HEIGHT / 3) / (HEIGHT * 2 / 3))
        above = max(0.0, 1 - y / 140) * 0.35
        shade.putpixel((0, y), round(255 * max(0.85 * below**0.9, above)))
    return Image.composite(plain((10, 6, 14)), card, shade.resize((WIDTH, HEIGHT)))


def plain(colour):
    return Image.new("RGB", (WIDTH, HEIGHT), colour)


def mark(draw, site_name):
    """The site's mark: its initial on an accent square, and its name."""
    fonts = sized(34)
    draw.rounded_rectangle((MARGIN, 56, MARGIN + 52, 108), radius=12, fill=ACCENT)
    initial = site_name[:1].upper()
    draw.text((MARGIN + 26, 83), initial, font=fonts[0], fill=WHITE, anchor="mm")
    write(draw, (MARGIN + 68, 95), site_name, fonts)


def wrap(title):
    """The title's lines and their size: the largest size at which it fits in MAX_LINES lines, or
    the smallest, cut with "…"."""
    words = " ".join(title.split()).split(" ")
    words = [word for word in (drawable(word) for word in words) if word]
    if not words:
        return [], SIZES[0]
    for size in SIZES:
        lines = fill(words, sized(size))
        if len(lines) <= MAX_LINES:
            return lines, size
    fonts = sized(SIZES[-1])
    lines = lines[:MAX_LINES]
    last = lines[-1]
    while last and width(last + "…", fonts) > WIDTH - 2 * MARGIN:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return lines, SIZES[-1]


def fill(words, fonts):
    """Words into lines no wider than the card's text column (a word wider than it is split)."""
    room = WIDTH - 2 * MARGIN
    lines, line = [], ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if width(candidate, fonts) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while width(line, fonts) > room:
            cut = len(line) - 1
            while cut > 1 and width(line[:cut], fonts) > room:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def drawable(text):
    """`text` without the characters no font has."""
    return "".join(ch for ch in text if font_for(ch) is not None)


def runs(text):
    """(piece, index of its font) for consecutive characters written in the same font."""
    pieces = []
    for ch in text:
        index = font_for(ch)
        if index is None:
            continue
        if pieces and pieces[-1][1] == index:
            pieces[-1][0] += ch
        else:
            pieces.append([ch, index])
    return [(piece, index) for piece, index in pieces]


def width(text, fonts):
    return sum(fonts[index].getlength(piece) for piece, index in runs(text))


def write(draw, origin, text, fonts):
    """`text` from `origin` (left end of the baseline), each run in its font."""
    x, y = origin
    for piece, index in runs(text):
        draw.text((x, y), piece, font=fonts[index], fill=WHITE, anchor="ls")
        x += fonts[index].getlength(piece)


@lru_cache(maxsize=8)
def sized(size):
    return tuple(ImageFont.truetype(str(path), size) for path in FONTS)


@lru_cache(maxsize=4096)
def font_for(ch):
    """The index of the first font that draws `ch` (spaces: the first), or None."""
    if ch.isspace():
        return 0
    if not ch.isprintable():
        return None
    for index in range(len(FONTS)):
        drawn = shape(index, ch)
        if drawn != shape(index, MISSING) and any(drawn[1]):  # some fonts map a glyph they left blank
            return index
    return None


@lru_cache(maxsize=8192)
def shape(index, ch):
    """What font `index` draws for `ch`, at the size glyphs are told apart at."""
    mask = sized(40)[index].getmask(ch)
    return mask.size, bytes(mask)

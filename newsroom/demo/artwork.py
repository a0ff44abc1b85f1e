"""Pictures made for the demo with Pillow: no third-party photos, no network.

Each picture is drawn from a seed, so every machine makes the same files: gradients with soft
lights and a little grain (so that the JPEGs weigh what photos weigh), titles on the posters,
and a short animated GIF of two lights drifting together for an entry's moment.
"""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PALETTES = [
    ("#2b1055", "#d1124f"),
    ("#0f2027", "#2c7873"),
    ("#3a1c71", "#ffaf7b"),
    ("#1f1c2c", "#928dab"),
    ("#42275a", "#734b6d"),
    ("#134e5e", "#71b280"),
]


def gradient(size, start, end):
    width, height = size
    side = int(math.hypot(width, height)) + 2
    mask = Image.linear_gradient("L").resize((side, side)).rotate(-25)
    left, top = (side - width) // 2, (side - height) // 2
    mask = mask.crop((left, top, left + width, top + height))
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def lights(image, rng, count=14):
    layer = Image.new("RGB", image.size, "black")
    draw = ImageDraw.Draw(layer)
    width, height = image.size
    for _ in range(count):
        radius = rng.randint(height // 14, height // 4)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shade = rng.randint(90, 200)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(shade, shade // 2 + 40, shade))
    layer = layer.filter(ImageFilter.GaussianBlur(height // 30))
    return Image.blend(
        image, Image.eval(Image.composite(layer, image, layer.convert("L")), lambda v: v), 0.35
    )


def grain(image, rng, amount=0.08):
    noise = Image.effect_noise(image.size, 40 + rng.randint(0, 20)).convert("RGB")
    return Image.blend(image, noise, amount)


def painting(size, seed, title="", *, grainy=True):
    rng = random.Random(seed)  # noqa: S311 -- a picture, not a secret: same seed, same picture
    start, end = PALETTES[rng.randrange(len(PALETTES))]
    image = lights(gradient(size, start, end), rng)
    if grainy:
        image = grain(image, rng)
    if title:
        draw = ImageDraw.Draw(image)
        font = ImageFont.load_default(size=max(24, size[0] // 11))
        box = draw.multiline_textbbox((0, 0), title, font=font, align="center")
        x = (size[0] - (box[2] - box[0])) // 2
        y = size[1] - (box[3] - box[1]) - size[1] // 10
        draw.multiline_text((x + 2, y + 2), title, font=font, fill="#00000099", align="center")
        draw.multiline_text((x, y), title, font=font, fill="#ffffff", align="center")
    return image


@functools.cache
def jpeg(size, seed, title=""):
    out = io.BytesIO()
    painting(size, seed, wrap(title)).save(out, "JPEG", quality=92)
    return out.getvalue()


def wrap(title, width=14):
    lines, line = [], ""
    for word in title.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line] if line else lines)


@functools.cache
def gazes_gif(size=(480, 270), frames=16, seed=7):
    """Two lights drift towards each other and a heart beats between them, looping."""
    background = painting(size, seed, grainy=False)
    width, height = size
    pictures = []
    for frame in range(frames):
        phase = math.sin(2 * math.pi * frame / frames)
        image = background.copy()
        draw = ImageDraw.Draw(image)
        gap = int(width * (0.22 + 0.08 * phase))
        radius = height // 7
        for x in (width // 2 - gap, width // 2 + gap):
            draw.ellipse((x - radius, height // 2 - radius, x + radius, height // 2 + radius), fill="#ffe3ec")
        beat = 1 + 0.25 * max(0.0, -phase)
        heart(draw, (width // 2, height // 2), int(height / 9 * beat))
        pictures.append(image.convert("P", palette=Image.Palette.ADAPTIVE, colors=128))
    out = io.BytesIO()
    pictures[0].save(out, "GIF", save_all=True, append_images=pictures[1:], duration=80, loop=0)
    return out.getvalue()


def heart(draw, centre, size):
    x, y = centre
    draw.ellipse((x - size, y - size, x, y), fill="#d1124f")
    draw.ellipse((x, y - size, x + size, y), fill="#d1124f")
    draw.polygon([(x - size, y - size // 2), (x + size, y - size // 2), (x, y + size)], fill="#d1124f")


MADE_FOR_THE_DEMO = "an illustration made for this demo"

# Files the demo articles' entries name (see the "image" items in newsroom/demo/*.json).
ENTRY_IMAGES = {
    "entries/demo/moonlight-gazes.gif": gazes_gif,
    "entries/demo/goblin-first-snow.jpg": lambda: jpeg((1200, 675), 11),
}
HEROES = {  # listicle slug -> seed; the alt text travels in the JSON file
    "12-most-memorable-k-drama-confession-scenes": 2,
    "5-k-drama-couples-who-were-clearly-meant-to-be": 7,
    "4-rom-com-confessions-that-made-us-laugh-before-we-cried": 19,
}
POSTERS = {"coffee-prince": 21, "goblin": 9, "descendants-of-the-sun": 13, "moonlight-drawn-by-clouds": 24}
PHOTOS = {"gong-yoo": 31, "kim-go-eun": 32}
AVATARS = {"binahearts": 41, "seoyeon": 42}


def hero(seed):
    return jpeg((1600, 900), seed)


def poster(seed, title):
    return jpeg((600, 900), seed, title)


def portrait(seed):
    return jpeg((600, 750), seed)


def avatar(seed):
    return jpeg((256, 256), seed)

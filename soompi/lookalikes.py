"""Text as a reader sees it: one form for every way of writing the same-looking letters.

Readers can write "Аlice" with a Cyrillic "А", "ａｌｉｃｅ" in fullwidth letters, or hide a zero-width
space inside a word. To a person these read as "alice"; to a string comparison they do not. Two
helpers turn text into what it looks like, so checks compare what people see:

- `visible_text(text)`: NFKC, with invisible characters (format and control characters such as
  zero-width spaces and joiners, bidi controls) and stacked combining marks removed. Empty when
  nothing visible is left. Use it for "is this comment empty?".
- `trim_marks(text)`: the text as written, with combining marks beyond `MAX_MARKS` on one letter
  ("Zalgo" text, or a flood of marks with no letter) dropped. Use it on what is stored.
- `skeleton(text)`: `visible_text`, case-folded, accents dropped, and every character mapped to
  the ASCII letter it looks like (Unicode's confusables table, shipped by the
  `confusable-homoglyphs` package). Two strings that look alike have one skeleton. Use it for
  blocked words and unique display names.
"""

import json
import unicodedata
from functools import cache
from pathlib import Path

import confusable_homoglyphs

INVISIBLE_CATEGORIES = {"Cf", "Cc", "Cs", "Co", "Cn"}
# ASCII characters that read as one another: l/1/I/| and O/0. Mapped to one of them each.
ASCII_LOOKALIKES = str.maketrans({"1": "l", "i": "l", "|": "l", "0": "o"})
MAX_MARKS = 2  # combining marks one letter carries at most in any real script (in composed form)


@cache
def _to_ascii():
    """{character: the ASCII character it looks like}, from Unicode's confusables table."""
    path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    table = json.loads(path.read_text(encoding="utf-8"))
    mapping = {}
    for char, homoglyphs in table.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_twins = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii()]
        letters = [c for c in ascii_twins if c.isalnum()]
        if letters or ascii_twins:
            mapping[char] = (letters or ascii_twins)[0]
    return mapping


def trim_marks(text, limit=MAX_MARKS):
    """`text` with at most `limit` combining marks in a row (Zalgo text reduced to its letters)."""
    kept, marks = [], 0
    for char in text or "":
        if unicodedata.combining(char):
            marks += 1
            if marks > limit:
                continue
        else:
            marks = 0
        kept.append(char)
    return "".join(kept)


def visible_text(text):
    """NFKC text without invisible characters or combining marks stacked on one letter."""
    text = unicodedata.normalize("NFKC", text or "")
    shown = (c for c in text if unicodedata.category(c) not in INVISIBLE_CATEGORIES or c in "\n\t")
    return trim_marks("".join(shown))


def has_visible_content(text):
    """Whether any letter, digit, symbol or punctuation is left once invisible characters go."""
    return any(not char.isspace() and not unicodedata.combining(char) for char in visible_text(text))


def skeleton(text):
    """What `text` looks like, reduced to lowercase ASCII where a lookalike exists."""
    mapping = _to_ascii()
    out = []
    for char in unicodedata.normalize("NFKD", visible_text(text)):
        if unicodedata.combining(char):
            continue
        if char in mapping:  # before case folding: Cyrillic "В" reads as "B", its lowercase "в" does not
            out.append(mapping[char].casefold())
            continue
        for folded in unicodedata.normalize("NFKD", char.casefold()):
            if not unicodedata.combining(folded):
                out.append(mapping.get(folded, folded).casefold())
    return " ".join("".join(out).translate(ASCII_LOOKALIKES).split())

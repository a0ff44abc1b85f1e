"""Public display names: what readers are called on their comments.

A display name is shown to everyone, so it must read as what it is: no invisible characters that
make two names look alike (zero-width spaces, joiners), no bidirectional controls that reorder
the text around it, no control characters, and never an email address.

Names are compared by what they look like (`soompi.lookalikes.skeleton`): "Аlice" with a Cyrillic
"А", or in fullwidth letters, is the same name as "Alice". A reader cannot take a name that speaks
for the site ("Soompi Staff", "editor") nor a staff member's byline (`accounts.forms`).
"""

import re
import unicodedata
from functools import cache

from django.core.exceptions import ValidationError

from soompi.lookalikes import skeleton

MIN_LENGTH = 2
MAX_LENGTH = 30
SKELETON_MAX_LENGTH = 255
# Words that would make a reader look like they speak for the site, matched by their look, as a
# whole name or as one of its words ("Soompi Staff", "the_moderator").
RESERVED_WORDS = [
    "admin", "admins", "administrator", "administrators", "editor", "editors", "moderator",
    "moderators", "mod", "mods", "staff", "soompi", "support", "official", "officials", "newsroom",
    "webmaster", "postmaster", "sysop", "helpdesk",
]  # fmt: skip
# Found anywhere, even inside a word ("SoompiFan", "soompi_official").
RESERVED_INSIDE = ["soompi"]
# Where a name found to be a duplicate when skeletons were first stored keeps its own key.
DUPLICATE_MARK = "  #"  # two spaces: a skeleton never has two in a row


def name_key(value):
    """What a name looks like: the same for "Alice", "ALICE", "Аlice" and "Ａｌｉｃｅ"."""
    return skeleton(value)


@cache
def _reserved_keys():
    """({skeleton: word} for whole words, {skeleton: word} for words found anywhere)."""
    return (
        {name_key(word): word for word in RESERVED_WORDS},
        {name_key(word): word for word in RESERVED_INSIDE},
    )


def reserved_word_in(value):
    """The reserved word `value` looks like, or contains by look, or None."""
    words, inside = _reserved_keys()
    parts = [part for part in re.split(r"[\W_]+", name_key(value)) if part]
    compact = "".join(parts)
    for candidate in [*parts, " ".join(parts), compact]:
        if candidate in words:
            return words[candidate]
    return next((word for key, word in inside.items() if key in compact), None)


def invisible_characters(value):
    """The format (Cf: zero-width, bidi controls) and control (Cc) characters in `value`."""
    return [char for char in value if unicodedata.category(char) in {"Cf", "Cc", "Cs", "Co", "Cn"}]


def normalise_display_name(value):
    """NFC form with runs of spaces collapsed, so "Bina  Hearts" and "Bina Hearts" are one name."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def validate_display_name(value):
    if invisible_characters(value):
        raise ValidationError(
            "Use visible letters, numbers and punctuation only: the name contains an invisible "
            "or text-direction character.",
            code="invisible",
        )
    if "@" in value:
        raise ValidationError(
            "A display name is public: it cannot contain “@”, so it is never an email address.",
            code="email",
        )
    if len(value) < MIN_LENGTH:
        raise ValidationError(f"Use at least {MIN_LENGTH} characters.", code="too_short")
    if not any(char.isalnum() for char in value):
        raise ValidationError("Use at least one letter or number.", code="no_letters")
    if len(name_key(value)) > SKELETON_MAX_LENGTH:
        raise ValidationError("Use fewer decorated or combined characters.", code="too_long")


DELETED_ACCOUNT = "[deleted account]"


def public_name_of(user):
    """What a reader is called on their comments: their display name, else their username; an
    account deleted since shows as "[deleted account]". Never their email address."""
    if user is None:
        return DELETED_ACCOUNT
    profile = getattr(user, "reader_profile", None)
    return profile.display_name if profile is not None else user.get_username()

"""Public display names: what readers are called on their comments.

A display name is shown to everyone, so it must read as what it is: no invisible characters that
make two names look alike (zero-width spaces, joiners), no bidirectional controls that reorder
the text around it, no control characters, and never an email address.
"""

import unicodedata

from django.core.exceptions import ValidationError

MIN_LENGTH = 2
MAX_LENGTH = 30


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


def display_name_of(user):
    """How the site names a signed-in account (ACCOUNT_USER_DISPLAY): its display name, else its username."""
    profile = getattr(user, "reader_profile", None)
    return profile.display_name if profile is not None else user.get_username()


DELETED_ACCOUNT = "[deleted account]"


def public_name_of(user):
    """What a reader is called on their comments: their display name, else their username; an
    account deleted since shows as "[deleted account]". Never their email address."""
    if user is None:
        return DELETED_ACCOUNT
    profile = getattr(user, "reader_profile", None)
    return profile.display_name if profile is not None else user.get_username()

"""The shape of an interchange file: the keys each object takes and what each value must be.

Readers check JSON types, required and unknown keys, choices and dates, then run the model
field's own validators (lengths, URLs, video links, slugs, Instagram handles, number ranges),
so a file is held to the same rules as the admin. A reader returns the cleaned value or raises
`Invalid`; an object reader records each problem at its path and keeps going, so one pass
reports everything. Invalid values are left out of the cleaned result (list items become None
so indexes stay aligned).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from taggit.models import Tag

from articles.models import Author, Entry, EntryScene, Listicle, Numbering, Status
from dramas.models import Actor, Drama, Role, Scene, WatchLink
from dramas.validators import IMAGE_EXTENSIONS

from .problems import Invalid


class Reader:
    """Turns one JSON value into a Python value or raises Invalid."""

    required = False


class Text(Reader):
    """A string held to a model field's validators; null reads as "" unless the key is required."""

    def __init__(self, model, name, *, required=False):
        self.field = model._meta.get_field(name)
        self.required = required

    def __call__(self, value, path):
        if value is None and not self.required:
            return ""
        if not isinstance(value, str):
            raise Invalid("required" if value is None else "must be a string")
        if self.required and not value.strip():
            raise Invalid("required")
        validate(self.field, value)
        return value


class Number(Reader):
    """A whole number (or null) held to a model field's validators."""

    def __init__(self, model, name):
        self.field = model._meta.get_field(name)

    def __call__(self, value, path):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid("must be a whole number")
        validate(self.field, value)
        return value


class Flag(Reader):
    def __call__(self, value, path):
        if not isinstance(value, bool):
            raise Invalid("must be true or false")
        return value


class Choice(Reader):
    def __init__(self, choices, *, required=False):
        self.values = [str(value) for value in choices.values]
        self.required = required

    def __call__(self, value, path):
        if value not in self.values:
            raise Invalid(f"must be one of {', '.join(self.values)}")
        return value


class Moment(Reader):
    """An ISO 8601 date and time with its time zone, or null."""

    EXAMPLE = "2017-05-12T09:00:00+00:00"

    def __call__(self, value, path):
        if value is None:
            return None
        if not isinstance(value, str):
            raise Invalid(f"must be a date and time such as {self.EXAMPLE}")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise Invalid(f"must be an ISO 8601 date and time such as {self.EXAMPLE}") from None
        if moment.utcoffset() is None:
            raise Invalid(f"must include a time zone, such as {self.EXAMPLE}")
        return moment


class Names(Reader):
    """A list of distinct non-blank names (tags, genres, characters)."""

    def __init__(self, model, name, *, ignore_case=False):
        self.item = Text(model, name, required=True)
        self.ignore_case = ignore_case

    def __call__(self, value, path):
        if value is None:
            return []
        if not isinstance(value, list):
            raise Invalid("must be a list of strings")
        names, seen = [], {}
        for index, item in enumerate(value):
            try:
                if isinstance(item, str) and not item.strip():
                    raise Invalid("must not be blank")
                name = self.item(item, path / index)
            except Invalid as problem:
                (path / index).add(problem.message)
                continue
            key = name.casefold() if self.ignore_case else name
            if key in seen:
                (path / index).add(f'"{name}" is listed twice, first at [{seen[key]}]')
                continue
            seen[key] = index
            names.append(name)
        return names


class Many(Reader):
    """A list of items read by one reader; null reads as an empty list unless the key is required."""

    def __init__(self, item, *, required=False):
        self.item = item
        self.required = required

    def __call__(self, value, path):
        if value is None and not self.required:
            return []
        if not isinstance(value, list):
            raise Invalid("must be a list")
        items = [read(self.item, item, path / index) for index, item in enumerate(value)]
        return [None if item is INVALID else item for item in items]


class Object(Reader):
    """A JSON object with known keys: unknown keys and missing required keys are problems."""

    def __init__(self, keys, *, required=False, nullable=False):
        self.keys = keys
        self.required = required
        self.nullable = nullable

    def __call__(self, value, path):
        if value is None and self.nullable:
            return None
        if value is None and self.required:
            raise Invalid("required")
        if not isinstance(value, dict):
            raise Invalid("must be an object")
        for key in value:
            if key not in self.keys:
                (path / key).add("unknown key")
        cleaned = {}
        for key, reader in self.keys.items():
            if key in value:
                item = read(reader, value[key], path / key)
                if item is not INVALID:
                    cleaned[key] = item
            elif reader.required:
                (path / key).add("required")
        return cleaned


INVALID = object()


def read(reader, value, path):
    """The cleaned value, or INVALID after recording why at path."""
    try:
        return reader(value, path)
    except Invalid as problem:
        path.add(problem.message)
        return INVALID


def validate(field, value):
    try:
        field.run_validators(value)
    except ValidationError as error:
        raise Invalid(" ".join(dict.fromkeys(error.messages))) from None


CAST = Object(
    {
        "actor": Text(Actor, "name", required=True),
        "actor_slug": Text(Actor, "slug"),
        "character": Text(Role, "character", required=True),
        "billing": Choice(Role.Billing),
    }
)
WATCH = Object(
    {"provider": Choice(WatchLink.Provider, required=True), "url": Text(WatchLink, "url", required=True)}
)
DRAMA = Object(
    {
        "title": Text(Drama, "title", required=True),
        "slug": Text(Drama, "slug"),
        "native_title": Text(Drama, "native_title"),
        "year": Number(Drama, "year"),
        "network": Text(Drama, "network"),
        "episodes": Number(Drama, "episodes"),
        "synopsis": Text(Drama, "synopsis"),
        "genres": Names(Tag, "name", ignore_case=True),
        "cast": Many(CAST),
        "watch": Many(WATCH),
    },
    required=True,
)
SCENE = Object(
    {
        "title": Text(Scene, "title", required=True),
        "episode": Number(Scene, "episode"),
        "video_url": Text(Scene, "video_url"),
        "summary": Text(Scene, "summary"),
        "quote": Text(Scene, "quote"),
        "lead_in": Text(EntryScene, "lead_in"),
        "caption": Text(EntryScene, "caption"),
    }
)


class StoredImage(Reader):
    """The storage name of an image already uploaded to this site, such as entries/moment.gif."""

    required = True
    EXAMPLE = "entries/moment.gif"

    def __init__(self, model, name):
        self.field = model._meta.get_field(name)

    def __call__(self, value, path):
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"must be the name of an uploaded image, such as {self.EXAMPLE}")
        parts = value.split("/")
        if value.startswith("/") or "\\" in value or any(part in ("", ".", "..") for part in parts):
            raise Invalid(f"must be a name inside the media folder, such as {self.EXAMPLE}")
        if value.rsplit(".", 1)[-1].lower() not in IMAGE_EXTENSIONS:
            raise Invalid(f"must name a {', '.join(IMAGE_EXTENSIONS)} file")
        if len(value) > self.field.max_length:
            raise Invalid(f"must be at most {self.field.max_length} characters")
        return value


class SceneOrImage(Reader):
    """An item of an entry's sequence: an image when it has an `image` key, a clip otherwise."""

    def __call__(self, value, path):
        reader = IMAGE_ITEM if isinstance(value, dict) and "image" in value else SCENE
        return reader(value, path)


IMAGE_ITEM = Object(
    {
        "image": StoredImage(EntryScene, "image"),
        "alt": Text(EntryScene, "image_alt"),
        "credit": Text(EntryScene, "credit"),
        "lead_in": Text(EntryScene, "lead_in"),
        "caption": Text(EntryScene, "caption"),
    }
)
ENTRY = Object(
    {
        "drama": DRAMA,
        "heading": Text(Entry, "heading"),
        "quote": Text(Entry, "quote"),
        "quote_by": Text(Role, "character"),
        "featuring": Names(Role, "character"),
        "body": Text(Entry, "body"),
        "scenes": Many(SceneOrImage()),
    }
)
AUTHOR = Object(
    {
        "name": Text(Author, "name", required=True),
        "slug": Text(Author, "slug"),
        "bio": Text(Author, "bio"),
        "instagram": Text(Author, "instagram"),
    },
    nullable=True,
)
LISTICLE = Object(
    {
        "title": Text(Listicle, "title", required=True),
        "slug": Text(Listicle, "slug", required=True),
        "dek": Text(Listicle, "dek"),
        "numbering": Choice(Numbering),
        "intro": Text(Listicle, "intro"),
        "outro": Text(Listicle, "outro"),
        "poll_question": Text(Listicle, "poll_question"),
        "hero_alt": Text(Listicle, "hero_alt"),
        "allow_comments": Flag(),
        "allow_reactions": Flag(),
        "author": AUTHOR,
        "tags": Names(Tag, "name", ignore_case=True),
        "status": Choice(Status),
        "publish_at": Moment(),
        "entries": Many(ENTRY, required=True),
    }
)

"""Every form an editor or a reader can send, as data: one line per endpoint.

An admin endpoint names the model admin, how to find the object it edits in the `site` fixture, and
its text and URL fields. A public endpoint names its URL and the field a reader fills. Comments and
sign-up join as one line each in `PUBLIC_POSTS`.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AdminForm:
    model: str  # "app_label.model_name"
    find: str  # attribute of the `site` fixture holding the object
    text: tuple = ()
    urls: tuple = ()
    files: tuple = ()

    def __str__(self):
        return self.model


@dataclass(frozen=True)
class PublicPost:
    name: str  # URL name in the articles namespace, taking the article's pk and slug
    fields: tuple
    valid: dict = field(default_factory=dict)  # a value the endpoint accepts, per field

    def __str__(self):
        return self.name


ADMIN_FORMS = [
    AdminForm(
        "articles.listicle", "listicle", text=("title", "dek", "intro", "outro", "hero_alt", "poll_question")
    ),
    AdminForm("articles.entry", "entry", text=("heading", "quote", "body")),
    AdminForm("articles.entryscene", "entry_scene", text=("lead_in", "caption")),
    AdminForm("articles.author", "author", text=("name", "bio"), files=("avatar",)),
    AdminForm("articles.reactionkind", "reaction_kind", text=("label", "emoji")),
    AdminForm(
        "dramas.drama", "drama", text=("title", "native_title", "network", "synopsis"), files=("poster",)
    ),
    AdminForm("dramas.actor", "actor", text=("name", "native_name", "bio"), files=("photo",)),
    AdminForm("dramas.role", "role", text=("character",)),
    AdminForm(
        "dramas.scene", "scene", text=("title", "summary", "quote"), urls=("video_url",), files=("still",)
    ),
    AdminForm("dramas.watchlink", "watch_link", urls=("url",)),
]

PUBLIC_POSTS = [
    PublicPost("react", ("kind",), {"kind": "love"}),
    PublicPost("vote", ("entry",)),
    # Comments: PublicPost("comments", ("body", "parent"), {"body": "Lovely list"}) once they exist.
]

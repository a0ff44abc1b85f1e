"""Every form an editor or a reader can send, as data: one line per endpoint.

An admin endpoint names the model admin, how to find the object it edits in the `site` fixture, and
its text and URL fields. A public endpoint names its URL and the field a reader fills; a reader-account
endpoint (comments, sign-up, login, profile) also says what it acts on and whether it needs an account.
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


@dataclass(frozen=True)
class AccountPost:
    name: str  # URL name ("articles:comments"), taking what `target` names
    target: str  # "article", "comment" (the reader's own published comment) or "" (no argument)
    fields: tuple
    valid: dict = field(default_factory=dict)
    signed_in: bool = True

    def __str__(self):
        return self.name.split(":")[-1]


ADMIN_FORMS = [
    AdminForm(
        "articles.listicle", "listicle", text=("title", "dek", "intro", "outro", "hero_alt", "poll_question")
    ),
    AdminForm("articles.entry", "entry", text=("heading", "quote", "body")),
    AdminForm("articles.entryscene", "entry_scene", text=("lead_in", "caption")),
    AdminForm("articles.author", "author", text=("name", "bio"), files=("avatar",)),
    AdminForm("reactions.reactionkind", "reaction_kind", text=("label", "emoji")),
    AdminForm(
        "dramas.drama", "drama", text=("title", "native_title", "network", "synopsis"), files=("poster",)
    ),
    AdminForm("dramas.actor", "actor", text=("name", "native_name", "bio"), files=("photo",)),
    AdminForm("dramas.role", "role", text=("character",)),
    AdminForm(
        "dramas.scene", "scene", text=("title", "summary", "quote"), urls=("video_url",), files=("still",)
    ),
    AdminForm("dramas.watchlink", "watch_link", urls=("url",)),
    AdminForm("comments.blockedword", "blocked_word", text=("word",)),
    # Every field of a comment is read-only in the admin: its hostile body is shown, never edited.
    AdminForm("comments.comment", "comment"),
]

PUBLIC_POSTS = [
    PublicPost("react", ("kind",), {"kind": "love"}),
    PublicPost("vote", ("entry",)),
]

ACCOUNT_POSTS = [
    AccountPost("articles:comments", "article", ("body", "parent"), {"body": "Lovely list"}),
    AccountPost("articles:comment_edit", "comment", ("body",), {"body": "Edited, lovely list"}),
    AccountPost("articles:comment_delete", "comment", ("confirm",)),
    AccountPost("articles:flag", "comment", ("reason",), {"reason": "spam"}),
    AccountPost("articles:comment_like", "comment", ("like",)),
    AccountPost("accounts:profile", "", ("display_name",), {"display_name": "Hostile Tester"}),
    AccountPost(
        "account_signup",
        "",
        ("email", "display_name", "password1"),
        {"email": "new@example.com", "display_name": "New Reader", "password1": "a-Long-passw0rd"},
        signed_in=False,
    ),
    AccountPost("account_login", "", ("login", "password"), {"login": "x@example.com"}, signed_in=False),
]

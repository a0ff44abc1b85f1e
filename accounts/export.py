"""A reader's own data, as one JSON document they can download before deleting their account.

Everything the site keeps about the account and that it wrote or chose: the account and its email
addresses, the profile, comments (with their article), likes and flags given, reactions and
votes, and the security log's sign-ins and changes to the account's second factors (with the
address each came from). Each part is one query, however much the reader wrote.
"""

from django.apps import apps
from django.urls import reverse

ARTICLE = ("listicle_id", "listicle__title", "listicle__slug")


def article_of(row):
    """The article a row of `values(*ARTICLE, ...)` belongs to, its fields taken out of the row."""
    pk, title, slug = (row.pop(name) for name in ARTICLE)
    return {"title": title, "url": reverse("articles:detail", kwargs={"pk": pk, "slug": slug})}


def reader_data(user):
    model = apps.get_model
    profile = (
        model("accounts", "ReaderProfile")
        .objects.filter(user=user)
        .values("display_name", "reply_emails", "commenting_suspended", "created")
        .first()
    )
    comment_rows = (
        model("comments", "Comment")
        .objects.filter(user=user)
        .order_by("created", "id")
        .values("id", *ARTICLE, "parent_id", "body", "spoiler", "status", "created", "edited", "deleted")
    )
    comments = [{"id": row.pop("id"), "article": article_of(row), **row} for row in comment_rows]
    reaction_rows = user.reactions.order_by("created").values(*ARTICLE, "kind__label", "created")
    reactions = [
        {"article": article_of(row), "reaction": row["kind__label"], "created": row["created"]}
        for row in reaction_rows
    ]
    vote_rows = user.votes.order_by("created").values(
        *ARTICLE, "entry__position", "entry__heading", "entry__drama__title", "created"
    )
    votes = [
        {
            "article": article_of(row),
            "entry": {
                "position": row["entry__position"],
                "heading": row["entry__heading"] or row["entry__drama__title"],
            },
            "created": row["created"],
        }
        for row in vote_rows
    ]
    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": list(
                model("account", "EmailAddress")
                .objects.filter(user=user)
                .values("email", "verified", "primary")
            ),
        },
        "profile": profile,
        "comments": comments,
        "comment_likes": list(
            model("comments", "CommentLike").objects.filter(user=user).values("comment_id", "created")
        ),
        "comment_flags": list(
            model("comments", "CommentFlag")
            .objects.filter(user=user)
            .values("comment_id", "reason", "created")
        ),
        "reactions": reactions,
        "votes": votes,
        "security_events": list(
            model("accounts", "SecurityEvent")
            .objects.filter(user=user)
            .order_by("created", "id")
            .values("created", "kind", "ip_address", "user_agent", "detail")
        ),
    }

"""A reader's own data, as one JSON document they can download before deleting their account.

Everything the site keeps about the account and that it wrote or chose: the account and its email
addresses, the profile, comments (with their article), likes and flags given, reactions and
votes. Each part is one query, however much the reader wrote.
"""

from django.apps import apps
from django.urls import reverse


def article_url(pk, slug):
    return reverse("articles:detail", kwargs={"pk": pk, "slug": slug})


def reader_data(user):
    model = apps.get_model
    profile = (
        model("accounts", "ReaderProfile")
        .objects.filter(user=user)
        .values("display_name", "reply_emails", "commenting_suspended", "created")
        .first()
    )
    comments = [
        {
            "id": row.pop("id"),
            "article": {
                "title": row.pop("listicle__title"),
                "url": article_url(row.pop("listicle_id"), row.pop("listicle__slug")),
            },
            **row,
        }
        for row in model("articles", "Comment")
        .objects.filter(user=user)
        .order_by("created", "id")
        .values(
            "id",
            "listicle_id",
            "listicle__title",
            "listicle__slug",
            "parent_id",
            "body",
            "spoiler",
            "status",
            "created",
            "edited",
            "deleted",
        )  # fmt: skip
    ]
    reactions = [
        {
            "article": {
                "title": row["listicle__title"],
                "url": article_url(row["listicle_id"], row["listicle__slug"]),
            },
            "reaction": row["kind__label"],
            "created": row["created"],
        }
        for row in user.reactions.order_by("created").values(
            "listicle_id", "listicle__title", "listicle__slug", "kind__label", "created"
        )
    ]
    votes = [
        {
            "article": {
                "title": row["listicle__title"],
                "url": article_url(row["listicle_id"], row["listicle__slug"]),
            },
            "entry": {
                "position": row["entry__position"],
                "heading": row["entry__heading"] or row["entry__drama__title"],
            },
            "created": row["created"],
        }
        for row in user.votes.order_by("created").values(
            "listicle_id",
            "listicle__title",
            "listicle__slug",
            "entry__position",
            "entry__heading",
            "entry__drama__title",
            "created",
        )  # fmt: skip
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
            model("articles", "CommentLike").objects.filter(user=user).values("comment_id", "created")
        ),
        "comment_flags": list(
            model("articles", "CommentFlag")
            .objects.filter(user=user)
            .values("comment_id", "reason", "created")
        ),
        "reactions": reactions,
        "votes": votes,
    }

"""Writes what the load generator visits, as JSON: reader pages, the react and vote URLs with their
choices, the comment URLs, and the reader accounts (made here) that sign in to comment.
Usage: python scripts/targets.py OUT.json (with the app's environment); LOAD_READERS accounts (16)."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import ReaderProfile  # noqa: E402
from articles.models import Listicle  # noqa: E402
from dramas.models import Actor, Drama  # noqa: E402
from reactions.models import ReactionKind  # noqa: E402

READER_PASSWORD = "load-reader-passphrase-7"


def reader_accounts(count):
    """`count` reader accounts that sign in with email and password, as sign-up makes them."""
    readers = []
    for n in range(count):
        email = f"load-reader-{n}@example.com"
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            user = get_user_model().objects.create_user(f"load-reader-{n}", email, READER_PASSWORD)
            ReaderProfile.objects.create(user=user, display_name=f"Load Reader {n}")
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        readers.append({"login": email, "password": READER_PASSWORD})
    return readers


def main(out):
    listicles = list(Listicle.objects.published().prefetch_related("entries", "tags"))
    pages = ["/", "/search/?q=confession", "/search/?q=love", "/feed/"]
    writes = []
    comments = []
    for listicle in listicles:
        pages.append(listicle.get_absolute_url())
        pages += [reverse("articles:tag", args=[tag.slug]) for tag in listicle.tags.all()]
        pages.append(listicle.author.get_absolute_url())
        args = {"pk": listicle.pk, "slug": listicle.slug}
        if listicle.allow_reactions:
            writes += [
                {
                    "url": reverse("articles:react", kwargs=args),
                    "field": "kind",
                    "value": kind,
                    "model": "reaction",
                }
                for kind in ReactionKind.objects.filter(active=True).values_list("slug", flat=True)
            ]
        if listicle.allow_comments:
            comments.append(reverse("articles:comments", kwargs=args))
        if listicle.poll_question:
            writes += [
                {
                    "url": reverse("articles:vote", kwargs=args),
                    "field": "entry",
                    "value": str(entry.pk),
                    "model": "vote",
                }
                for entry in listicle.entries.all()
            ]
    pages += [drama.get_absolute_url() for drama in Drama.objects.all()[:20]]
    pages += [actor.get_absolute_url() for actor in Actor.objects.all()[:20]]
    readers = reader_accounts(int(os.environ.get("LOAD_READERS", 16)))
    targets = {"pages": pages, "writes": writes, "comments": comments, "readers": readers}
    Path(out).write_text(json.dumps(targets, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])

"""Writes what the load generator visits, as JSON: reader pages, and the react and vote URLs with their
choices. Usage: python scripts/targets.py OUT.json (with the app's environment)."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402

from articles.models import Listicle, ReactionKind  # noqa: E402
from dramas.models import Actor, Drama  # noqa: E402


def main(out):
    listicles = list(Listicle.objects.published().prefetch_related("entries", "tags"))
    pages = ["/", "/search/?q=confession", "/search/?q=love", "/feed/"]
    writes = []
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
    Path(out).write_text(json.dumps({"pages": pages, "writes": writes}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])

"""The addresses a published listicle had before its current one (`articles.addresses`)."""

from django.db import models

from .listicles import Listicle


class OldAddress(models.Model):
    """A slug a published listicle had: `/article/<id>/<slug>/` redirects to the current address.

    The row goes when the listicle takes the slug back, so the live address never redirects. One
    that has redirected permanently (`permanent`) stays: browsers may keep a 301 for good, so the
    slug can never be the article's address again without sending them round in a loop.
    """

    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="old_addresses")
    slug = models.SlugField(max_length=220, db_index=False)
    retired_at = models.DateTimeField(help_text="When the article last moved away from this address.")
    permanent = models.BooleanField(
        default=False,
        help_text="It has redirected permanently (301): it can never be this article's address again.",
    )

    class Meta:
        ordering = ["-retired_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["listicle", "slug"], name="old_address_once_per_listicle"),
        ]

    def __str__(self):
        return f"/article/{self.listicle_id}/{self.slug}/"

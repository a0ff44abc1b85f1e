"""What readers say about an article: a reaction ("How does this article make you feel?") and a
vote for their favourite entry (the reader's pick).

A reader is either an account (`user`) or an anonymous reader id from a signed cookie (`reader`,
see `reactions/readers.py`), never both. The database holds the one-per-reader rule with unique
constraints, and counts are aggregates over the rows, so they are exact however many readers
post at once.

These models began in `articles` and moved here with their tables (migration 0001): each keeps
its table's name (`db_table`), its constraints' and indexes' names and its rows; its content type
moved with it, so permissions and the admin's log still point at it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.models import Entry, Listicle


class ReactionKind(models.Model):
    slug = models.SlugField(
        max_length=30,
        unique=True,
        help_text="Sent by the reaction buttons; changing it breaks nothing saved.",
    )
    label = models.CharField(max_length=40, help_text="The word under the emoji, e.g. “Swoon”.")
    emoji = models.CharField(max_length=16, help_text="One emoji, e.g. 😍.")
    position = models.PositiveIntegerField(default=0, db_index=True)
    active = models.BooleanField(
        default=True,
        help_text="Readers see active kinds only. Untick it to retire a kind: its past reactions are kept.",
    )

    class Meta:
        db_table = "articles_reactionkind"
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.emoji} {self.label}"


class ReaderChoice(models.Model):
    """One choice per reader and listicle, by account or by anonymous reader id.

    Subclasses add `listicle` and `user` foreign keys with their own related names.
    """

    reader = models.CharField(max_length=32, blank=True, help_text="Anonymous reader id (from their cookie).")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @classmethod
    def constraints_for(cls, name):
        return [
            models.UniqueConstraint(
                fields=["listicle", "user"], condition=Q(user__isnull=False), name=f"one_{name}_per_account"
            ),
            models.UniqueConstraint(
                fields=["listicle", "reader"], condition=Q(user__isnull=True), name=f"one_{name}_per_reader"
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(reader="")) | (Q(user__isnull=True) & ~Q(reader="")),
                name=f"{name}_by_account_or_reader",
            ),
        ]


class Reaction(ReaderChoice):
    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="reactions")
    kind = models.ForeignKey(ReactionKind, on_delete=models.PROTECT, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )

    class Meta:
        db_table = "articles_reaction"
        constraints = ReaderChoice.constraints_for("reaction")
        indexes = [models.Index(fields=["listicle", "kind"], name="reaction_counts")]

    def __str__(self):
        return f"{self.kind} on {self.listicle_id}"


class Vote(ReaderChoice):
    """A reader's pick: their favourite entry of a listicle with a poll question."""

    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )

    class Meta:
        db_table = "articles_vote"
        constraints = ReaderChoice.constraints_for("vote")
        indexes = [models.Index(fields=["listicle", "entry"], name="vote_counts")]

    def __str__(self):
        return f"vote for entry {self.entry_id}"

"""Readers' comments under an article, with the flags and likes readers give them.

A comment's `parent` is the comment it answers; `thread` is the top-level comment of its
conversation, so a page of threads and all their replies take one query each. Replies are shown
one level deep under their thread, a reply to a reply saying whom it answers.

These models began in `articles` and moved here with their tables (migration 0001): each keeps
its table's name (`db_table`), its constraints' and indexes' names and its rows; its content type
moved with it, so `moderate_comment`, the other permissions and the admin's log still point at it.
"""

import textwrap

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.names import public_name_of
from articles.models import Listicle


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting moderation"
    HIDDEN = "hidden", "Hidden"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed"


# What a moderator took off the page: nobody sees it, its author included, and it cannot be changed.
TAKEN_DOWN = (CommentStatus.HIDDEN, CommentStatus.SPAM, CommentStatus.REMOVED)


class HeldFor(models.TextChoices):
    """Why a comment waits for a moderator; blank once one decided (or when nothing held it)."""

    NOTHING = "", "—"
    FIRST = "first", "First comment"
    LINKS = "links", "Too many links"
    BLOCKED = "blocked", "Blocked word"
    FLAGGED = "flagged", "Flagged"
    SPAMMED = "spammed", "Author's earlier spam"


class Comment(models.Model):
    Status = CommentStatus

    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="Empty once the reader deleted their account: the comment shows “[deleted account]”.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one answers; empty for a new thread.",
    )
    thread = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread_replies",
        help_text="The top-level comment of the conversation; empty for a top-level comment.",
    )
    body = models.TextField(
        help_text="Plain text as the reader typed it; links become clickable on the page."
    )
    spoiler = models.BooleanField(default=False, help_text="Folded behind “Spoiler — show” on the page.")
    status = models.CharField(
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PUBLISHED,
        db_index=True,
        help_text="Readers see Published comments; Awaiting moderation only to its author; "
        "Hidden, Spam and Removed to nobody. Spam also counts against its author: their next "
        "comments wait for a moderator and their flags do not hide comments.",
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    edited = models.DateTimeField(null=True, blank=True, help_text="When its author last changed it.")
    deleted = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its author deleted it; kept as “[deleted]” while it has replies.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The moderator who last set the status.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    held_for = models.CharField(
        max_length=10,
        choices=HeldFor.choices,
        blank=True,
        default=HeldFor.NOTHING,
        help_text="Why it waits for a moderator: a Flagged comment may still be Published (its "
        "flaggers' standing was too low to hide it). A moderator's decision clears it.",
    )
    hold_reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Every reason found when it was last held for a moderator, with its details "
        "(the blocked words, how many links); kept after the decision (comments.holds).",
    )

    class Meta:
        db_table = "articles_comment"
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["listicle", "thread", "status", "created"], name="comment_page_idx")]
        permissions = [("moderate_comment", "Can approve, hide and remove readers' comments")]

    def __str__(self):
        if self.listicle_id is None:
            return f"Comment by {self.author}"
        title = self.listicle.title
        short = textwrap.shorten(title, width=24, placeholder="…")
        return f"Comment by {self.author} on {title if short == '…' else short}"

    def save(self, *args, **kwargs):
        # A reply belongs to its parent's conversation, however it was made.
        if self.parent_id and not self.thread_id:
            self.thread_id = self.parent.thread_id or self.parent_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.listicle.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_deleted(self):
        return self.deleted is not None

    @property
    def author(self):
        """The author's public name: their display name, else their username."""
        return public_name_of(self.user)

    @property
    def replying_to(self):
        """The name of the parent's author when this answers a reply, not the thread itself."""
        if self.thread_id and self.parent_id != self.thread_id:
            return public_name_of(self.parent.user)
        return None


class CommentFlag(models.Model):
    """One reader's report that a comment breaks the rules; one per reader and comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Harassment or hate"
        SPOILER = "spoiler", "Unmarked spoiler"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1,
        help_text="What the flag counts toward hiding the comment: 1 from a trusted reader, 0 from "
        "a new or unverified account (its flag only puts the comment before a moderator).",
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "articles_commentflag"
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_flag_per_reader")]

    def __str__(self):
        return f"Flag on comment {self.comment_id}"


class CommentLike(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "articles_commentlike"
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_reader")]

    def __str__(self):
        return f"Like on comment {self.comment_id}"


class BlockedWord(models.Model):
    word = models.CharField(
        max_length=60,
        unique=True,
        help_text="A comment containing this word or phrase waits for moderation. Matched on what "
        "it looks like: case, accents, lookalike letters (Cyrillic “а”, fullwidth “ａ”) and "
        "invisible characters are ignored.",
    )

    class Meta:
        db_table = "articles_blockedword"
        ordering = ["word"]

    def __str__(self):
        return self.word


class ReplyEmail(models.Model):
    """The email telling a comment's author about a reply: a row written with the reply, in its
    transaction, so an email the task queue could not take is still owed and is sent later
    (`comments.notifications`). One per reply; a worker claims it before sending, so it goes once."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not wanted"
        FAILED = "failed", "Gave up"

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="reply_email")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "articles_replyemail"

    def __str__(self):
        return f"Reply email for comment {self.comment_id} ({self.state})"

"""Listicles, their numbered entries, the scenes each entry shows, and authors."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.managers import TaggableManager

from dramas.models import Drama, Role, Scene, require_alt
from dramas.validators import IMAGE_VALIDATORS, validate_instagram
from pictures.uploads import ImageField

from .. import addresses, status_writes
from ..querysets import EntryQuerySet, ListicleQuerySet, Visibility


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


def tag_order(name):
    """The one order of an article's tags (page, JSON-LD, export): by name ignoring case, then by case."""
    return (name.casefold(), name)


class Numbering(models.TextChoices):
    LIST = "list", "List: 1 to N, in no particular order"
    RANKED = "ranked", "Ranked: 1 to N, best first"
    COUNTDOWN = "countdown", "Countdown: N to 1"

    def number(self, place, total):
        """The number readers see beside the entry in `place` (1 for the first) of `total`.

        The one rule for numbering: the article page calls it with integers, and
        `EntryQuerySet.with_numbers()` with SQL expressions, so both pages count the same way.
        """
        return total - place + 1 if self == Numbering.COUNTDOWN else place


class Author(models.Model):
    name = models.CharField(max_length=120, help_text="Byline as readers see it, e.g. binahearts.")
    slug = models.SlugField(max_length=140, unique=True)
    bio = models.TextField(blank=True, help_text="Shown under every article by this author.")
    avatar = ImageField(upload_to="authors/", blank=True, validators=IMAGE_VALIDATORS)
    instagram = models.CharField(
        max_length=30, blank=True, validators=[validate_instagram], help_text="Handle only, without @."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The login that writes as this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Listicle(Visibility, models.Model):
    title = models.CharField(max_length=200, help_text="e.g. “12 Most Memorable K-Drama Confession Scenes”.")
    slug = models.SlugField(
        max_length=220,
        unique=True,
        help_text="Part of the address. Changing it later is safe: old links redirect to the new one.",
    )
    dek = models.CharField(max_length=300, blank=True, help_text="One-sentence summary under the headline.")
    intro = models.TextField(blank=True, help_text="Markdown. Shown before the first entry.")
    outro = models.TextField(blank=True, help_text="Markdown. The closing words, e.g. a question to readers.")
    hero_image = ImageField(
        upload_to="listicles/", blank=True, validators=IMAGE_VALIDATORS, alt_field="hero_alt"
    )
    hero_alt = models.CharField(max_length=250, blank=True, help_text="Required when there is a hero image.")
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.PROTECT, related_name="listicles"
    )
    tags = TaggableManager(blank=True, help_text="Topics, separated by commas.")
    numbering = models.CharField(
        max_length=10,
        choices=Numbering,
        default=Numbering.LIST,
        help_text="How readers see entries numbered. Entries keep the order you give them.",
    )
    poll_question = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional. When set, readers vote for their favourite entry, e.g. “Which is yours?”",
    )
    allow_comments = models.BooleanField(default=True)
    allow_reactions = models.BooleanField(default=True)
    status = models.CharField(
        max_length=10, choices=Status, default=Status.DRAFT, editable=False, db_index=True
    )
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Readers see it once it is Published and this time has passed.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="listicles_created",
    )

    objects = ListicleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        permissions = [("publish_listicle", "Can publish, schedule, unpublish and archive listicles")]
        indexes = [models.Index(fields=["status", "publish_at"], name="listicle_visibility")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Saves everything but the status, which only `workflow.transition()` writes (`status_writes`),
        and records a move to a new slug (`addresses.moving`), refusing one that would loop."""
        kwargs["update_fields"] = status_writes.save_fields(
            self, kwargs.get("update_fields"), kwargs.get("force_insert", False)
        )
        with addresses.moving(self, kwargs["update_fields"]):  # a new slug: the old one redirects
            super().save(*args, **kwargs)
        self._stored_status = self.__dict__.get("status")
        self._stored_slug = self.__dict__.get("slug")

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        listicle = super().from_db(db, field_names, values)
        listicle._stored_status = listicle.__dict__.get("status")
        listicle._stored_slug = listicle.__dict__.get("slug")
        return listicle

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "status" in fields:
            self._stored_status = self.__dict__.get("status")
        if fields is None or "slug" in fields:
            self._stored_slug = self.__dict__.get("slug")

    def clean(self):
        require_alt(self, "hero_image", "hero_alt")

    @cached_property
    def sorted_tags(self):
        """Tags in `tag_order`, sorted once: taggit's prefetch cannot take an ordered queryset."""
        return sorted(self.tags.all(), key=lambda tag: tag_order(tag.name))

    def numbered(self, entries=None):
        """Pairs (number, entry) in reading order; the number follows `numbering`."""
        entries = list(self.entries.all() if entries is None else entries)
        numbering = Numbering(self.numbering)
        return [
            (numbering.number(place, len(entries)), entry) for place, entry in enumerate(entries, start=1)
        ]


class Entry(models.Model):
    listicle = models.ForeignKey(Listicle, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField(default=0, db_index=True)
    drama = models.ForeignKey(Drama, on_delete=models.PROTECT, related_name="entries")
    heading = models.CharField(max_length=200, blank=True, help_text="Leave blank to use the drama's title.")
    quote = models.TextField(blank=True, help_text="The pull quote, without quotation marks.")
    quote_role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quoted_in",
        verbose_name="quote said by",
        help_text="The character who says the quote.",
    )
    featuring = models.ManyToManyField(
        Role, blank=True, related_name="featured_in", help_text="The couple or characters the entry is about."
    )
    body = models.TextField(blank=True, help_text="Markdown.")

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "entries"

    def __str__(self):
        return self.display_heading

    @property
    def display_heading(self):
        return self.heading or self.drama.title

    def clean(self):
        if self.quote_role_id and self.drama_id and self.quote_role.drama_id != self.drama_id:
            raise ValidationError({"quote_role": "Choose a character from this entry's drama."})


class EntryScene(models.Model):
    """One item of an entry's ordered sequence: a clip (`scene`) or an image (a still or an
    animated GIF), with text before and after it. Clips and images share one order."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scene_links")
    scene = models.ForeignKey(
        Scene,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entry_links",
        help_text="A clip from the entry's drama. Leave empty to show an image instead.",
    )
    image = ImageField(
        upload_to="entries/",
        blank=True,
        validators=IMAGE_VALIDATORS,
        alt_field="image_alt",
        credit_field="credit",
        help_text="A still or an animated GIF, instead of a clip. Animations are shown paused to "
        "readers who ask their system for reduced motion.",
    )
    image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="Required with an image: what it shows, for readers who cannot see it.",
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text="Optional. Who made or owns the image, e.g. “tvN”."
    )
    position = models.PositiveIntegerField(default=0, db_index=True)
    lead_in = models.TextField(blank=True, help_text="Markdown shown before the clip or image.")
    caption = models.TextField(blank=True, help_text="Markdown shown after the clip or image.")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "scene or image in entry"
        verbose_name_plural = "scenes and images in entry"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(scene__isnull=False) & models.Q(image=""))
                | (models.Q(scene__isnull=True) & ~models.Q(image="")),
                name="entry_item_is_a_scene_or_an_image",
            )
        ]

    def __str__(self):
        if self.scene_id:
            return self.scene.title
        return f"Image: {self.image_alt or self.image.name}"

    def clean(self):
        # Said on the image field: the table's constraint then is not checked again on top, which
        # would show the editor its name ("Constraint … is violated") instead of what to do.
        if self.scene_id and self.image:
            raise ValidationError(
                {"image": "Show either a clip or an image here, not both: add another item for the other."}
            )
        if not self.scene_id and not self.image:
            raise ValidationError(
                {
                    "image": ValidationError(
                        "Choose a clip or upload an image. If you had chosen a file before the page came "
                        "back with an error, choose it again: browsers do not keep a chosen file.",
                        code="empty_item",
                    )
                }
            )
        require_alt(self, "image", "image_alt")
        if self.scene_id and self.entry_id and self.scene.drama_id != self.entry.drama_id:
            raise ValidationError({"scene": "Choose a scene from this entry's drama."})

    @property
    def is_animated_image(self):
        """An animation, told by the file name so that pages need not open the file."""
        return bool(self.image) and self.image.name.lower().endswith((".gif", ".webp"))

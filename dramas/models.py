"""The knowledge base: dramas, actors, the roles that join them, scenes and where to watch."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager

from pictures.uploads import ImageField

from .validators import IMAGE_VALIDATORS, validate_instagram, validate_video_url
from .video import parse_video_url


def require_alt(instance, image_field, alt_field):
    """An uploaded image without alt text is unreadable for screen-reader users."""
    if getattr(instance, image_field) and not getattr(instance, alt_field).strip():
        raise ValidationError({alt_field: "Describe the image for readers who cannot see it."})


class Drama(models.Model):
    title = models.CharField(
        max_length=200, help_text="The English title readers know, e.g. “Coffee Prince”."
    )
    slug = models.SlugField(max_length=220, unique=True, help_text="Part of the drama page's address.")
    native_title = models.CharField(
        max_length=200, blank=True, help_text="Title in Korean, e.g. 커피프린스 1호점."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text="Year the first episode aired.",
    )
    network = models.CharField(
        max_length=100, blank=True, help_text="Broadcaster or platform, e.g. MBC, tvN."
    )
    episodes = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(2000)])
    synopsis = models.TextField(blank=True)
    poster = ImageField(
        upload_to="dramas/posters/", blank=True, validators=IMAGE_VALIDATORS, alt_field="poster_alt"
    )
    poster_alt = models.CharField(max_length=250, blank=True, help_text="Required when there is a poster.")
    tags = TaggableManager(blank=True, verbose_name="genres", help_text="Genres, separated by commas.")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return reverse("dramas:drama", kwargs={"slug": self.slug})

    def clean(self):
        require_alt(self, "poster", "poster_alt")


class Actor(models.Model):
    name = models.CharField(max_length=200, help_text="Name as romanised on Soompi, e.g. Gong Yoo.")
    slug = models.SlugField(max_length=220, unique=True)
    native_name = models.CharField(max_length=200, blank=True, help_text="Name in Hangul, e.g. 공유.")
    photo = ImageField(upload_to="actors/", blank=True, validators=IMAGE_VALIDATORS, alt_field="photo_alt")
    photo_alt = models.CharField(max_length=250, blank=True, help_text="Required when there is a photo.")
    bio = models.TextField(blank=True)
    instagram = models.CharField(
        max_length=30, blank=True, validators=[validate_instagram], help_text="Handle only, without @."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dramas:actor", kwargs={"slug": self.slug})

    def clean(self):
        require_alt(self, "photo", "photo_alt")


class Role(models.Model):
    class Billing(models.TextChoices):
        LEAD = "lead", "Lead"
        SUPPORTING = "supporting", "Supporting"
        CAMEO = "cameo", "Cameo"

    drama = models.ForeignKey(Drama, on_delete=models.CASCADE, related_name="roles")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="roles")
    character = models.CharField(max_length=200, help_text="Character name as the article spells it.")
    billing = models.CharField(max_length=12, choices=Billing, default=Billing.LEAD)
    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["drama", "actor", "character"], name="unique_role_per_drama"),
        ]

    def __str__(self):
        """Characters always read "Character (Actor)"."""
        return f"{self.character} ({self.actor.name})"


class Scene(models.Model):
    drama = models.ForeignKey(Drama, on_delete=models.CASCADE, related_name="scenes")
    title = models.CharField(
        max_length=200, help_text="A short name for the scene, e.g. “The rooftop confession”."
    )
    episode = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(2000)])
    summary = models.TextField(blank=True)
    quote = models.TextField(blank=True, help_text="The line that makes the scene.")
    video_url = models.URLField(
        max_length=500,
        blank=True,
        validators=[validate_video_url],
        help_text="YouTube, Viki or Vimeo link. Readers load the player only when they press play.",
    )
    still = ImageField(upload_to="scenes/", blank=True, validators=IMAGE_VALIDATORS, alt_field="still_alt")
    still_alt = models.CharField(max_length=250, blank=True, help_text="Required when there is a still.")
    roles = models.ManyToManyField(
        Role, blank=True, related_name="scenes", help_text="Characters in the scene."
    )

    class Meta:
        ordering = ["drama__title", "episode", "id"]

    def __str__(self):
        episode = f", ep. {self.episode}" if self.episode else ""
        return f"{self.drama.title}{episode}: {self.title}"

    def clean(self):
        require_alt(self, "still", "still_alt")

    @property
    def video(self):
        return parse_video_url(self.video_url)

    @property
    def embed_url(self):
        video = self.video
        return video.embed_url if video else ""


class WatchLinkQuerySet(models.QuerySet):
    """Link health as query rules; `dramas.link_health` records the checks they read."""

    def checked_as_is(self):
        """Links whose last check was of the address they hold now (an edited address is unchecked)."""
        return self.filter(last_checked__isnull=False, checked_url=models.F("url"))

    def broken(self):
        """Links whose last `WATCH_LINK_BROKEN_AFTER` checks all failed: editors are told."""
        return self.checked_as_is().filter(failures__gte=settings.WATCH_LINK_BROKEN_AFTER)

    def failing(self):
        """Links whose last check failed, but not yet often enough in a row to be called broken."""
        return self.checked_as_is().filter(failures__gt=0, failures__lt=settings.WATCH_LINK_BROKEN_AFTER)

    def good(self):
        return self.checked_as_is().filter(failures=0)

    def unchecked(self):
        return self.exclude(last_checked__isnull=False, checked_url=models.F("url"))


class WatchLink(models.Model):
    class Health(models.TextChoices):
        GOOD = "good", "Works"
        FAILING = "failing", "Failed its last check"
        BROKEN = "broken", "Broken"
        UNCHECKED = "unchecked", "Not checked yet"

    class Provider(models.TextChoices):
        VIKI = "Viki"
        NETFLIX = "Netflix"
        DISNEY = "Disney+"
        KOCOWA = "Kocowa"
        PRIME = "Prime Video"
        APPLE = "Apple TV+"
        TVING = "TVING"
        WAVVE = "Wavve"
        OTHER = "Other"

    drama = models.ForeignKey(Drama, on_delete=models.CASCADE, related_name="watch_links")
    provider = models.CharField(max_length=20, choices=Provider, default=Provider.VIKI)
    url = models.URLField(max_length=500, help_text="Where readers can stream the drama legally.")
    position = models.PositiveIntegerField(default=0, db_index=True)
    # What the link checker (`dramas.link_health`) last found; readers never see it.
    checked_url = models.URLField(
        max_length=500, blank=True, editable=False, help_text="The address the last check was of."
    )
    last_status = models.CharField(
        max_length=20,
        blank=True,
        editable=False,
        help_text="The HTTP status the address finally answered (after redirects), or why it did not "
        "answer: timeout, dns, refused, tls, connection, redirects, scheme.",
    )
    final_url = models.URLField(
        max_length=2000, blank=True, editable=False, help_text="Where the redirects, if any, ended."
    )
    last_checked = models.DateTimeField(null=True, blank=True, editable=False)
    last_good = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a check last found the link working."
    )
    failures = models.PositiveIntegerField(
        default=0, editable=False, help_text="Checks in a row that found the link not working."
    )

    objects = WatchLinkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.drama.title} on {self.provider}"

    @property
    def health(self):
        """The same rule as the queryset's, for one link."""
        if self.last_checked is None or self.checked_url != self.url:
            return self.Health.UNCHECKED
        if self.failures == 0:
            return self.Health.GOOD
        if self.failures < settings.WATCH_LINK_BROKEN_AFTER:
            return self.Health.FAILING
        return self.Health.BROKEN

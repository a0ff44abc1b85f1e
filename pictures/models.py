"""The media library: one record per stored image, reused wherever the newsroom shows it.

A record names a stored file (the same name the image fields of dramas, actors, scenes, authors,
articles and entry items hold: choosing a library image for a field assigns that name, no copy)
and says what is true of the picture wherever it appears: its alt text, credit and caption, and
its focal point — the spot that cropped renditions keep in view (`pictures.renditions`).

Images stored through those fields get a record by themselves (`pictures.uploads.ImageField`),
and the library's own uploads are checked the same way.
"""

from django.apps import apps
from django.conf import settings
from django.core.files.images import get_image_dimensions
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from . import tasks
from .uploads import IMAGE_VALIDATORS, ImageField

CENTRE = 0.5
FOCAL_VALIDATORS = [MinValueValidator(0.0), MaxValueValidator(1.0)]
FOCAL_DIGITS = 3  # a thousandth of the picture: finer than a click can aim


class ImageQuerySet(models.QuerySet):
    def record(self, name, *, alt="", credit=""):
        """The record of the stored file `name`, made if there is none; alt text and credit are
        filled in from the field that stored it when the record has none."""
        image, made = self.get_or_create(file=name, defaults={"alt": alt, "credit": credit})
        missing = {}
        if not made:
            if alt and not image.alt:
                missing["alt"] = alt
            if credit and not image.credit:
                missing["credit"] = credit
        if missing:
            self.filter(pk=image.pk).update(**missing)
        return image


class Image(models.Model):
    file = ImageField(
        upload_to="library/",
        max_length=255,
        unique=True,
        validators=IMAGE_VALIDATORS,
        in_library=False,
        help_text="JPEG, PNG, GIF or WebP, at most 5 MB. Camera metadata (GPS position…) is removed.",
    )
    alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Fills an empty alt text "
        "field when the image is chosen from the library.",
    )
    credit = models.CharField(max_length=200, blank=True, help_text="Who made or owns it, e.g. “tvN”.")
    caption = models.TextField(
        blank=True, help_text="For the newsroom: what, who, when, where it came from. Readers do not see it."
    )
    focal_x = models.FloatField(
        "focal point across",
        default=CENTRE,
        validators=FOCAL_VALIDATORS,
        help_text="0 is the left edge, 1 the right. Click the picture to set it.",
    )
    focal_y = models.FloatField(
        "focal point down",
        default=CENTRE,
        validators=FOCAL_VALIDATORS,
        help_text="0 is the top edge, 1 the bottom. Cropped renditions keep this point in view.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "library image"
        verbose_name_plural = "library images"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_within_the_picture",
            )
        ]

    def __str__(self):
        return self.alt or self.file.name

    def save(self, *args, **kwargs):
        if self.file and self.width is None:
            self.width, self.height = size_of(self.file)
        self.focal_x = round(self.focal_x, FOCAL_DIGITS)
        self.focal_y = round(self.focal_y, FOCAL_DIGITS)
        moved = self.pk is not None and self.__dict__.get("_stored_focus") not in (None, self.focus)
        super().save(*args, **kwargs)
        self._stored_focus = self.focus
        if moved and self.file:
            # New crops under new names; the pages showing the picture are purged once they exist.
            tasks.queue(self.file.name)

    @property
    def focus(self):
        return (self.focal_x, self.focal_y)

    @classmethod
    def from_db(cls, db, field_names, values):
        image = super().from_db(db, field_names, values)
        if "focal_x" in image.__dict__ and "focal_y" in image.__dict__:
            image._stored_focus = image.focus
        return image


def size_of(file):
    """The width and height of the picture in FieldFile `file` (stored or just uploaded), from its
    header; (None, None) when it cannot be read."""
    try:
        return get_image_dimensions(file)
    except Exception:  # noqa: BLE001 - a missing or damaged file: the record is kept without a size
        return None, None


def focus_of(name):
    """The focal point of the stored file `name`: its record's, or the centre."""
    found = Image.objects.filter(file=name).values_list("focal_x", "focal_y").first()
    return tuple(found) if found else (CENTRE, CENTRE)


def image_models():
    """Every installed model, the media library's last: a command that goes through stored images
    names each file after a row that shows it, the record only when nothing else does."""
    return sorted(apps.get_models(), key=lambda model: model is Image)

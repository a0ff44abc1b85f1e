from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from .names import DUPLICATE_MARK, MAX_LENGTH, SKELETON_MAX_LENGTH, name_key, validate_display_name


class ReaderProfile(models.Model):
    """What a reader chose to show and receive; one per account, made at sign-up."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_profile"
    )
    display_name = models.CharField(
        max_length=MAX_LENGTH,
        validators=[validate_display_name],
        help_text="Shown on the reader's comments instead of their email address. Unique, ignoring case "
        "and lookalike letters.",
    )
    display_name_skeleton = models.CharField(
        max_length=SKELETON_MAX_LENGTH,
        unique=True,
        editable=False,
        help_text="What the display name looks like (accounts.names.name_key): one reader per look.",
    )
    reply_emails = models.BooleanField(
        "email me when someone replies",
        default=False,
        help_text="The reader gets an email, with a one-click unsubscribe link, for each reply.",
    )
    commenting_suspended = models.BooleanField(
        default=False,
        help_text="A suspended reader can still read and sign in, but cannot comment, edit, like or flag.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="unique_display_name_ignoring_case"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        key = name_key(self.display_name)
        # A name kept as a duplicate when skeletons were first stored keeps its key until renamed.
        if self.display_name_skeleton.partition(DUPLICATE_MARK)[0] != key:
            self.display_name_skeleton = key
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "display_name_skeleton"}
        super().save(*args, **kwargs)


def profile_for(user):
    """The account's profile; an account made without sign-up (staff, the shell) gets one named
    after its username, made unique, so that it can comment like any reader."""
    try:
        return user.reader_profile  # loaded once per request, with whoever read it first
    except ReaderProfile.DoesNotExist:
        pass
    base = user.get_username()[:MAX_LENGTH] or f"reader{user.pk}"
    name = base
    if ReaderProfile.objects.filter(display_name_skeleton=name_key(name)).exists():
        name = f"{base[: MAX_LENGTH - 12]}-{user.pk}"
    profile, _ = ReaderProfile.objects.get_or_create(user=user, defaults={"display_name": name})
    user.reader_profile = profile
    return profile

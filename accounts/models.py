from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

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


class SecurityEvent(models.Model):
    """One sign-in, failed sign-in or change to an account's second factors, with when and from where.

    Written by accounts.security_events from allauth's and Django's signals; read in the admin by
    superusers only, never changed. An account's events go with the account.
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Second factor refused"
        AUTHENTICATOR_ADDED = "authenticator_added", "Authenticator added"
        AUTHENTICATOR_REMOVED = "authenticator_removed", "Authenticator removed"
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", "Recovery codes generated"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"

    created = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="security_events",
        help_text="The account; empty for a failed sign-in under a name no account has.",
    )
    username = models.CharField(
        max_length=254, blank=True, help_text="The name or email address typed, for failed sign-ins."
    )
    ip_address = models.GenericIPAddressField(
        "IP address", null=True, blank=True, help_text="As soompi.client_ip sees it behind the proxies."
    )
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=200, blank=True, help_text="How: the factor used, added or removed.")

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "-created"], name="security_event_user_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.user or self.username} {self.created:%Y-%m-%d %H:%M}"

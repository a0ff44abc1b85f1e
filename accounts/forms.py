"""Reader account forms: the display name asked at sign-up and changed on the account page."""

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model

from .models import ReaderProfile
from .names import (
    DUPLICATE_MARK,
    MAX_LENGTH,
    name_key,
    normalise_display_name,
    reserved_word_in,
    validate_display_name,
)


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("label", "Display name")
        kwargs.setdefault("help_text", "Shown on your comments. Your email address is never shown.")
        kwargs.setdefault("validators", [validate_display_name])
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "nickname")

    def to_python(self, value):
        return normalise_display_name(super().to_python(value))


NAME_TAKEN = "Another reader already uses this name, or one that looks the same: choose another."


def display_name_taken(name, profile=None):
    """Whether another reader's name looks like `name` (case, accents and lookalike letters aside)."""
    taken = ReaderProfile.objects.filter(display_name_skeleton=name_key(name))
    if profile is not None and profile.pk:
        taken = taken.exclude(pk=profile.pk)
    return taken.exists()


def staff_names(exclude_user=None):
    """What the newsroom is called on the site, by look: bylines, staff display names and usernames."""
    authors = apps.get_model("articles", "Author").objects.all()
    staff = get_user_model().objects.filter(is_staff=True)
    if exclude_user is not None:
        authors, staff = authors.exclude(user=exclude_user), staff.exclude(pk=exclude_user.pk)
    names = list(authors.values_list("name", flat=True))
    names += staff.values_list("username", flat=True)
    keys = {name_key(name) for name in names}
    staff_profiles = ReaderProfile.objects.filter(user__in=staff).values_list(
        "display_name_skeleton", flat=True
    )
    return keys | {key.partition(DUPLICATE_MARK)[0] for key in staff_profiles}


def check_display_name(name, profile=None, user=None):
    """Refuse, with a reason, a name that looks like another reader's or like the newsroom's.
    Staff accounts may use the newsroom's words (their own byline)."""
    if user is None or not user.is_staff:
        word = reserved_word_in(name)
        if word is not None:
            raise forms.ValidationError(
                "This name sounds like it speaks for the site (“%(word)s”): choose a name of your own.",
                code="reserved",
                params={"word": word},
            )
        if name_key(name) in staff_names(exclude_user=user if user is not None and user.pk else None):
            raise forms.ValidationError(
                "This is the name of a member of our newsroom: choose a name of your own.", code="staff_name"
            )
    if display_name_taken(name, profile):
        raise forms.ValidationError(NAME_TAKEN, code="taken")


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to email and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = DisplayNameField()
    reply_emails = forms.BooleanField(label="Email me when someone replies to my comments", required=False)

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        check_display_name(name)
        return name

    def signup(self, request, user):
        ReaderProfile.objects.create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            reply_emails=self.cleaned_data["reply_emails"],
        )


class ProfileForm(forms.ModelForm):
    display_name = DisplayNameField()

    class Meta:
        model = ReaderProfile
        fields = ["display_name", "reply_emails"]
        labels = {"reply_emails": "Email me when someone replies to my comments"}

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        check_display_name(name, self.instance, self.instance.user)
        return name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    erase_comments = forms.BooleanField(
        label="Also erase the text of my comments",
        required=False,
        help_text="Each comment then shows “[deleted]”, so that replies to it keep their place. "
        "Left unticked, your comments stay, signed “[deleted account]”.",
    )
    confirm = forms.BooleanField(label="I understand my account cannot be restored", required=True)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password

    def clean(self):
        if self.user.is_staff:
            raise forms.ValidationError(
                "Staff accounts are closed by an administrator, not from this page.", code="staff"
            )
        return super().clean()

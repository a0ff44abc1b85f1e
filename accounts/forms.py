"""Reader account forms: the display name asked at sign-up and changed on the account page."""

from django import forms

from .models import ReaderProfile
from .names import MAX_LENGTH, normalise_display_name, validate_display_name


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


NAME_TAKEN = "Another reader already uses this name: choose another."


def display_name_taken(name, profile=None):
    taken = ReaderProfile.objects.filter(display_name__iexact=name)
    if profile is not None and profile.pk:
        taken = taken.exclude(pk=profile.pk)
    return taken.exists()


def check_display_name_free(name, profile=None):
    if display_name_taken(name, profile):
        raise forms.ValidationError(NAME_TAKEN, code="taken")


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to email and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = DisplayNameField()
    reply_emails = forms.BooleanField(label="Email me when someone replies to my comments", required=False)

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        check_display_name_free(name)
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
        check_display_name_free(name, self.instance)
        return name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
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

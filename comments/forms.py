"""Forms readers post comments, edits and flags with; each error has a message a reader can act on."""

from django import forms
from django.conf import settings

from soompi.lookalikes import has_visible_content

from .models import CommentFlag
from .text import clean_body

INVISIBLE = "Write something readers can see: this text has no visible letters."


class CommentBodyField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your comment")
        kwargs.setdefault("strip", False)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Write something before posting.",
                "max_length": "Keep it under %(limit_value)s characters (it has %(show_value)s).",
            },
        )
        super().__init__(max_length=settings.COMMENT_MAX_LENGTH, **kwargs)
        self.widget.attrs.update({"rows": 4, "maxlength": settings.COMMENT_MAX_LENGTH})

    def to_python(self, value):
        return clean_body(super().to_python(value))


class CommentForm(forms.Form):
    body = CommentBodyField()
    spoiler = forms.BooleanField(label="Contains spoilers", required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # A field people never see (hidden by CSS, skipped by the keyboard); simple bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body:
            raise forms.ValidationError("Write something before posting.", code="required")
        if not has_visible_content(body):
            raise forms.ValidationError(INVISIBLE, code="invisible")
        return body

    @property
    def caught_by_honeypot(self):
        return bool(self.data.get("website", "").strip())


class CommentEditForm(forms.Form):
    body = CommentBodyField(label="Edit your comment")
    spoiler = forms.BooleanField(label="Contains spoilers", required=False)

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body:
            raise forms.ValidationError("A comment cannot be empty: delete it instead.", code="required")
        if not has_visible_content(body):
            raise forms.ValidationError(INVISIBLE + " Delete the comment instead.", code="invisible")
        return body


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why?",
        choices=[("", "No reason given"), *CommentFlag.Reason.choices],
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed reasons."},
    )

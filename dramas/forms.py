"""Knowledge-base forms: a drama with its genres, a scene with its clip and characters.

The checks that chosen characters and scenes come from the right drama live here too: the
article forms reuse them for an entry's quote, couple and clips.
"""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.db import models

from .models import Drama, Role, Scene, WatchLink
from .tags import TagsField
from .validators import VIDEO_URL_MESSAGE


class HttpsURLField(forms.URLField):
    """A link typed without a scheme is taken as https://, the default Django 6 adopts."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


def check_same_drama(form, field, drama, chosen_what, code, name):
    """Add an error to `field` when any object chosen in it (a role, a scene) belongs to another
    drama than `drama`; `chosen_what` says what they are and `name(obj)` names one in the message."""
    chosen = form.cleaned_data.get(field)
    picked = [chosen] if isinstance(chosen, models.Model) else list(chosen or [])
    strangers = [obj for obj in picked if obj.drama_id != drama.pk]
    if strangers:
        form.add_error(
            field,
            ValidationError(
                f"Only {chosen_what} from %(drama)s can be chosen here: %(strangers)s.",
                code=code,
                params={
                    "drama": drama.title,
                    "strangers": "; ".join(f"{name(obj)} is in {obj.drama.title}" for obj in strangers),
                },
            ),
        )


def check_characters(form, field, drama):
    """Add an error to `field` when any chosen role belongs to another drama than `drama`."""
    check_same_drama(form, field, drama, "characters", "character_of_another_drama", str)


def check_scenes(form, field, drama):
    """Add an error to `field` when any chosen scene belongs to another drama than `drama`."""
    check_same_drama(form, field, drama, "scenes", "scene_of_another_drama", lambda scene: f"“{scene.title}”")


class DramaForm(forms.ModelForm):
    tags = TagsField(
        label="Genres", required=False, help_text="Pick the genres readers browse by, or type a new one."
    )

    class Meta:
        model = Drama
        fields = [
            "title",
            "slug",
            "native_title",
            "year",
            "network",
            "episodes",
            "synopsis",
            "poster",
            "poster_alt",
            "tags",
        ]
        widgets = {"synopsis": AdminTextareaWidget(attrs={"rows": 4})}


class SceneForm(forms.ModelForm):
    class Meta:
        model = Scene
        fields = ["drama", "title", "episode", "summary", "quote", "video_url", "still", "still_alt", "roles"]
        widgets = {
            "quote": AdminTextareaWidget(attrs={"rows": 2}),
            "summary": AdminTextareaWidget(attrs={"rows": 3}),
            "video_url": forms.URLInput(
                attrs={"class": "vURLField", "placeholder": "https://www.youtube.com/watch?v=…"}
            ),
        }
        field_classes = {"video_url": HttpsURLField}
        error_messages = {"video_url": {"invalid": VIDEO_URL_MESSAGE}}
        help_texts = {"roles": "The characters in the scene. Search by character, actor or drama."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "roles" in self.fields:
            self.fields["roles"].queryset = Role.objects.select_related("actor", "drama")

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("drama"):
            check_characters(self, "roles", cleaned_data["drama"])
        return cleaned_data


class WatchLinkForm(forms.ModelForm):
    """A watch link on its own page. `live_items(drama)`, when given, names the live items that keep
    the editor from changing what `drama` shows: a link cannot be added to it or moved onto it."""

    class Meta:
        model = WatchLink
        fields = ["drama", "provider", "url"]
        field_classes = {"url": HttpsURLField}

    def __init__(self, *args, live_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.live_items = live_items

    def clean(self):
        cleaned_data = super().clean()
        drama = cleaned_data.get("drama")
        shown_on = self.live_items(drama) if drama is not None and self.live_items else []
        if shown_on:
            titles = ", ".join(f"“{item}”" for item in shown_on[:3])
            self.add_error(
                "drama",
                ValidationError(
                    "Readers see %(drama)s in %(titles)s, so only an editor who may publish can add or "
                    "move a watch link to it.",
                    code="drama_is_live",
                    params={"drama": drama.title, "titles": titles},
                ),
            )
        return cleaned_data

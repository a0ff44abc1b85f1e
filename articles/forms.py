"""Admin forms: they check what the database cannot, and say what is wrong in the editor's words.

An entry is about one drama, so the character who says its quote, the couple it features and
the clips it shows must all come from that drama; each form names the drama when they do not.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminTextareaWidget,
    AdminTextInputWidget,
    get_select2_language,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from taggit.forms import TagField
from taggit.models import Tag
from taggit.utils import parse_tags

from dramas.models import Drama, Role, Scene
from dramas.validators import VIDEO_URL_MESSAGE

from . import workflow
from .models import Author, Entry, EntryScene, Listicle
from .widgets import AutocompleteSelectMultiple, show_known

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


class HttpsURLField(forms.URLField):
    """A link typed without a scheme is taken as https://, the default Django 6 adopts."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class TagAutocomplete(forms.SelectMultiple):
    """Suggests existing tags as the editor types and accepts new ones (Enter or a comma).

    It is the admin's own select2 (the jQuery and select2 Django ships) in tags mode, fed by the
    tag admin's suggestions view and set up by `tag_autocomplete.js`. The chosen names are posted
    as a list and handed to taggit as the quoted, comma-separated string its TagField parses.
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = f"{attrs.get('class', '')} admin-tag-autocomplete".strip()
        attrs.update(
            {
                "data-ajax--url": reverse("admin:taggit_tag_suggestions"),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-theme": "admin-autocomplete",
                "data-placeholder": "Type to find a tag, or type a new one and press Enter",
                "data-width": "resolve",
                "lang": get_select2_language() or "",
            }
        )
        return attrs

    def format_value(self, value):
        if not value:
            return []
        if isinstance(value, str):
            return parse_tags(value)
        return [getattr(tag, "name", tag) for tag in value]

    def optgroups(self, name, value, attrs=None):
        # Only the chosen tags are rendered; the others arrive as suggestions.
        self.choices = [(tag, tag) for tag in value]
        return super().optgroups(name, value, attrs)

    def value_from_datadict(self, data, files, name):
        names = (tag.replace('"', "").strip() for tag in super().value_from_datadict(data, files, name))
        return ", ".join(f'"{tag}"' for tag in names if tag)

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        language = get_select2_language()
        return forms.Media(
            js=[
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                *([f"admin/js/vendor/select2/i18n/{language}.js"] if language else []),
                "admin/js/jquery.init.js",
                "articles/admin/tag_autocomplete.js",
            ],
            css={"screen": [f"admin/css/vendor/select2/select2{extra}.css", "admin/css/autocomplete.css"]},
        )


class TagsField(TagField):
    widget = TagAutocomplete

    def clean(self, value):
        tags = super().clean(value)
        too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                "Keep each tag under %(limit)d characters: “%(tag)s” is longer.",
                code="tag_too_long",
                params={"limit": TAG_MAX_LENGTH + 1, "tag": too_long[0]},
            )
        return tags


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


def check_listicle(form, field, listicle):
    """Add an error to `field` when the admin says the editor may not change `listicle`.

    The admin sets `listicle_allows` on the form classes of pages where a listicle or an entry is
    picked; elsewhere it is None and there is nothing to check.
    """
    if listicle is not None and form.listicle_allows is not None and not form.listicle_allows(listicle):
        form.add_error(
            field,
            ValidationError(
                "You cannot change “%(listicle)s” at the moment, so nothing can be added to it.",
                code="listicle_locked",
                params={"listicle": listicle.title},
            ),
        )


def link_scenes(entry, scenes):
    """Make `scenes` the clips of `entry`: keep the ones it has (with their text and place),
    drop the ones no longer chosen, and add the new ones at the end in the order given."""
    chosen = {scene.pk for scene in scenes}
    entry.scene_links.exclude(scene__in=chosen).delete()
    kept = {link.scene_id: link.position for link in entry.scene_links.all()}
    last = max(kept.values(), default=0)
    EntryScene.objects.bulk_create(
        EntryScene(entry=entry, scene=scene, position=last + offset)
        for offset, scene in enumerate((scene for scene in scenes if scene.pk not in kept), start=1)
    )


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


class ListicleForm(forms.ModelForm):
    tags = TagsField(
        required=False, help_text="Topics readers browse by. Pick existing tags so articles group together."
    )

    class Meta:
        model = Listicle
        fields = [
            "title",
            "slug",
            "dek",
            "intro",
            "outro",
            "hero_image",
            "hero_alt",
            "author",
            "tags",
            "numbering",
            "poll_question",
            "allow_comments",
            "allow_reactions",
            "publish_at",
        ]
        widgets = {
            "title": AdminTextInputWidget(attrs={"class": "vLargeTextField"}),
            "dek": AdminTextareaWidget(attrs={"rows": 2}),
            "intro": AdminTextareaWidget(attrs={"rows": 6}),
            "outro": AdminTextareaWidget(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        """`user` is who fills the form in: only editors may put another author's byline on it."""
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_author(self):
        author = self.cleaned_data.get("author")
        if self.user is None or author is None or workflow.is_editor(self.user):
            return author
        if author.pk == self.instance.author_id or author.user_id == self.user.pk:
            return author  # unchanged, or their own
        own = Author.objects.filter(user_id=self.user.pk).first()
        raise ValidationError(
            "Only editors can put another author's byline on an article. %(choice)s",
            code="not_your_byline",
            params={"choice": f"Choose your own, {own.name}." if own else "Ask an editor to set the byline."},
        )


class EntryForm(forms.ModelForm):
    listicle_allows = None

    class Meta:
        model = Entry
        fields = ["listicle", "drama", "heading", "quote", "quote_role", "featuring", "body"]
        widgets = {
            "quote": AdminTextareaWidget(attrs={"rows": 2}),
            "body": AdminTextareaWidget(attrs={"rows": 6}),
        }
        help_texts = {
            "quote_role": "The character who says the quote. Search by character, actor or drama.",
            "featuring": "The couple or characters the entry is about, from this entry's drama.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("quote_role", "featuring"):
            if name in self.fields:
                self.fields[name].queryset = Role.objects.select_related("actor", "drama")
        entry = self.instance
        if entry.pk is not None:
            show_known(self, "drama", [entry.drama])
            show_known(self, "quote_role", [entry.quote_role])
            show_known(self, "featuring", entry.featuring.all())

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("listicle") is not None:
            check_listicle(self, "listicle", cleaned_data["listicle"])
        drama = cleaned_data.get("drama")
        if drama is not None:
            check_characters(self, "quote_role", drama)
            check_characters(self, "featuring", drama)
        return cleaned_data


class EntryInlineForm(EntryForm):
    """An entry edited inside its listicle, with its clips picked right there."""

    scenes = forms.ModelMultipleChoiceField(
        queryset=Scene.objects.select_related("drama"),
        required=False,
        widget=AutocompleteSelectMultiple(EntryScene._meta.get_field("scene"), admin.site),
        help_text=(
            "The clips this entry shows, from its drama. New clips go after the others; "
            "open the entry to write the text around each clip and drag clips into order."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            links = self.instance.scene_links.all()
            self.initial.setdefault("scenes", [link.scene_id for link in links])
            show_known(self, "scenes", [link.scene for link in links])

    def clean_scenes(self):
        # Keep the order the editor picked them in, not the database's.
        picked = {str(value): index for index, value in enumerate(self["scenes"].data or [])}
        return sorted(self.cleaned_data["scenes"], key=lambda scene: picked.get(str(scene.pk), len(picked)))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("drama") is not None:
            check_scenes(self, "scenes", cleaned_data["drama"])
        return cleaned_data

    def _save_m2m(self):
        # Runs after the entry itself is saved, whether the form was saved with commit or not.
        super()._save_m2m()
        if "scenes" in self.cleaned_data:
            link_scenes(self.instance, self.cleaned_data["scenes"])


class EntrySceneForm(forms.ModelForm):
    listicle_allows = None

    class Meta:
        model = EntryScene
        fields = ["entry", "scene", "lead_in", "caption"]
        widgets = {
            "lead_in": AdminTextareaWidget(attrs={"rows": 3}),
            "caption": AdminTextareaWidget(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "scene" in self.fields:
            self.fields["scene"].queryset = Scene.objects.select_related("drama")
        if self.instance.pk is not None:
            show_known(self, "scene", [self.instance.scene])

    def clean(self):
        cleaned_data = super().clean()
        # Inline on the entry's page this is the entry being edited, with the drama chosen in
        # this same request; on its own page it is the entry picked.
        entry = cleaned_data.get("entry")
        if entry is not None and self.listicle_allows is not None:
            check_listicle(self, "entry", entry.listicle)
        if entry is not None and entry.drama_id is not None:
            check_scenes(self, "scene", entry.drama)
        return cleaned_data

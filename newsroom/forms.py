"""Admin forms: they check what the database cannot, and say what is wrong in the editor's words.

An entry is about one drama, so the character who says its quote, the couple it features and
the clips it shows must all come from that drama; each form names the drama when they do not.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget
from django.core.exceptions import ValidationError

from articles import addresses
from articles.models import Author, Entry, EntryScene, Listicle
from dramas.forms import check_characters, check_scenes
from dramas.models import Role, Scene
from dramas.tags import TagsField

from . import workflow
from .widgets import AutocompleteSelectMultiple, MarkdownTextarea, show_known


def check_listicle(form, field, listicle):
    """Add an error to `field` when the admin says the editor may not change `listicle`.

    The admin passes `listicle_allows` to the forms of pages where a listicle or an entry is
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
    entry.scene_links.filter(scene__isnull=False).exclude(scene__in=chosen).delete()
    links = list(entry.scene_links.all())  # images keep their place among the clips
    linked = {link.scene_id for link in links if link.scene_id}
    last = max((link.position for link in links), default=0)
    EntryScene.objects.bulk_create(
        EntryScene(entry=entry, scene=scene, position=last + offset)
        for offset, scene in enumerate((scene for scene in scenes if scene.pk not in linked), start=1)
    )


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
            "intro": MarkdownTextarea(attrs={"rows": 6}),
            "outro": MarkdownTextarea(attrs={"rows": 3}),
        }

    update_slug = forms.BooleanField(
        required=False,
        label="Also change the address to match the headline",
        help_text="Readers know the current address; the old one keeps working and redirects to the new one.",
    )

    def __init__(self, *args, user=None, **kwargs):
        """`user` is who fills the form in: only editors may put another author's byline on it."""
        super().__init__(*args, **kwargs)
        self.user = user
        if "slug" in self.fields and self.instance.pk and addresses.follows_title(self.instance):
            self.fields["slug"].help_text = (
                "Part of the address. It follows the headline until the article is first published, "
                "unless you write one of your own here."
            )

    def clean(self):
        cleaned_data = super().clean()
        title, listicle = cleaned_data.get("title"), self.instance
        if not title or "slug" not in self.fields or listicle.pk is None:
            return cleaned_data
        retitled = "title" in self.changed_data and "slug" not in self.changed_data
        if cleaned_data.get("update_slug") or (retitled and addresses.follows_title(listicle)):
            cleaned_data["slug"] = addresses.slug_for(title, listicle)
        slug = cleaned_data.get("slug")
        reason = slug and slug != listicle.slug and addresses.refusal(listicle, slug)
        if reason:
            self.add_error("slug", ValidationError(reason, code="address_redirects_permanently"))
        return cleaned_data

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
    """An entry; `listicle_allows(listicle)`, when given, says whether the editor may change that listicle."""

    class Meta:
        model = Entry
        fields = ["listicle", "drama", "heading", "quote", "quote_role", "featuring", "body"]
        widgets = {
            "quote": AdminTextareaWidget(attrs={"rows": 2}),
            "body": MarkdownTextarea(attrs={"rows": 6}),
        }
        help_texts = {
            "quote_role": "The character who says the quote. Search by character, actor or drama.",
            "featuring": "The couple or characters the entry is about, from this entry's drama.",
        }

    def __init__(self, *args, listicle_allows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.listicle_allows = listicle_allows
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
            links = [link for link in self.instance.scene_links.all() if link.scene_id]
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
    """A clip of an entry; `listicle_allows` as for `EntryForm`."""

    class Meta:
        model = EntryScene
        fields = ["entry", "scene", "image", "image_alt", "credit", "lead_in", "caption"]
        widgets = {
            "lead_in": MarkdownTextarea(attrs={"rows": 3}),
            "caption": MarkdownTextarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, listicle_allows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.listicle_allows = listicle_allows
        if "scene" in self.fields:
            self.fields["scene"].queryset = Scene.objects.select_related("drama")
        if self.instance.pk is not None and self.instance.scene_id:
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

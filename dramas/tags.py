"""Tag pickers for the admin (drama genres, article topics) and the tag admin that feeds them.

A tag that a live article carries keeps its name and address: renaming it, changing its slug or
merging it into another would change live articles and move their topic page without going
through any article's review (`dramas.live` says which live items show a tag).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import get_select2_language
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import MergeTagsForm, TagField
from taggit.models import Tag, TaggedItem
from taggit.utils import parse_tags

from . import live
from .admin_columns import related_count

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


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
                "dramas/admin/tag_autocomplete.js",
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


def live_tag_refusal(tag, shown_on, change):
    """Why `tag`, which the live items `shown_on` carry, may not be renamed or merged away."""
    return (
        f"The tag “{tag.name}” is on the live {'article' if len(shown_on) == 1 else 'articles'} "
        f"{live.named(shown_on)}: "
        f"{change} would change what readers see there and move the page /tag/{tag.slug}/. "
        "Add a new tag and put it on those articles instead, or change this one once no live article "
        "carries it."
    )


class TagForm(forms.ModelForm):
    """Refuses a new name or slug for a tag that a live article carries."""

    def clean(self):
        cleaned_data = super().clean()
        changed = [name for name in ("name", "slug") if name in self.changed_data]
        if self.instance.pk is not None and changed:
            shown_on = live.showing(self.instance)
            if shown_on:
                change = "renaming it" if "name" in changed else "changing its slug"
                raise ValidationError(live_tag_refusal(self.instance, shown_on, change), code="live_tag")
        return cleaned_data


class TagAdmin(TaggitTagAdmin):
    """Taggit's tag admin with how often each tag is used, and the suggestions the tag pickers show.

    Tags that live articles carry are neither renamed (`TagForm`) nor merged away."""

    form = TagForm
    inlines = []  # taggit's inline lists raw content types and ids, which says nothing to an editor
    list_display = ["name", "slug", "use_count"]

    @admin.action(description="Merge selected tags", permissions=["change"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        """Taggit's merge, for those who may change tags, refused when it takes a tag off a live article."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = MergeTagsForm(request.POST)
            if form.is_valid():
                ids = [pk for pk in request.session.get("selected_tag_ids", "").split(",") if pk.isdigit()]
                merged_away = Tag.objects.filter(pk__in=ids).exclude(name=form.cleaned_data["new_tag_name"])
                for tag in merged_away:
                    shown_on = live.showing(tag)
                    if shown_on:
                        self.message_user(
                            request, live_tag_refusal(tag, shown_on, "merging it"), messages.ERROR
                        )
                        return HttpResponseRedirect(reverse("admin:taggit_tag_changelist"))
        return super().merge_tags_view(request)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_count=related_count(TaggedItem, "tag"))

    @admin.display(description="Used", ordering="use_count")
    def use_count(self, tag):
        return tag.use_count

    def get_urls(self):
        suggestions = path(
            "suggestions/", self.admin_site.admin_view(self.suggestions_view), name="taggit_tag_suggestions"
        )
        return [suggestions, *super().get_urls()]

    def suggestions_view(self, request):
        """Tags whose name contains the typed text, most used first, in select2's format."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()
        tags = (
            Tag.objects.filter(name__icontains=term)
            .annotate(uses=Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")[:20]
        )
        return JsonResponse({"results": [{"id": tag.name, "text": tag.name} for tag in tags]})

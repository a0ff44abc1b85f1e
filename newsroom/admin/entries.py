"""The pages of the parts of a listicle: an entry with its clips inline, and the list of clips.

Entries are edited on their listicle's page; their own page adds the clips. An entry and its
clips are part of their listicle, so whoever may not change the listicle (see the workflow) may
not change them from their own pages either, and saving one keeps a revision of the listicle.
A live article's parts change in its draft, as the article's own page does (`part_drafts`).
"""

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.db.models import Max
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Entry, EntryScene, Listicle
from dramas.pickers import DramaPickersAdminMixin
from pictures.picker import LibraryPickerAdminMixin
from soompi.forms import with_arguments

from .. import drafts
from ..forms import EntryForm, EntrySceneForm
from ..widgets import KnownChoicesAdminMixin
from . import part_drafts
from .part_drafts import ThroughTheDraft, listicle_of_entry_id
from .revisions import PartRevisionAdminMixin


def as_id(value):
    """A posted id as a number, or None for anything else."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PartOfListicle:
    """Permissions of a piece of a listicle follow the listicle's own admin (and so the workflow)."""

    def listicle_of(self, obj):
        raise NotImplementedError

    def listicle_permits(self, request, listicle):
        return self.admin_site.get_model_admin(Listicle).has_change_permission(request, listicle)

    def listicle_allows(self, request, listicle):
        """Whether this request may write `listicle`'s parts now: a live article's only within its
        draft (`part_drafts.ThroughTheDraft`)."""
        if drafts.edits_into_draft(listicle) and not part_drafts.within_draft_of(listicle):
            return False
        return self.listicle_permits(request, listicle)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.listicle_allows(request, self.listicle_of(obj)))

    def has_delete_permission(self, request, obj=None):
        # Deleting goes through the draft of a live article on every path (its page, the bulk
        # delete): whoever may change the article may delete its parts.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.listicle_permits(request, self.listicle_of(obj)))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return with_arguments(form, listicle_allows=lambda listicle: self.listicle_allows(request, listicle))


class EntrySceneInline(LibraryPickerAdminMixin, KnownChoicesAdminMixin, SortableStackedInline):
    model = EntryScene
    form = EntrySceneForm
    fields = ["scene", "clip", "image", "image_alt", "credit", "lead_in", "caption"]
    readonly_fields = ["clip"]
    autocomplete_fields = ["scene"]
    extra = 0
    verbose_name = "scene or image"
    verbose_name_plural = "Scenes and images — drag one by its title bar to move it"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scene__drama")

    @admin.display(description="Video")
    def clip(self, link):
        video = link.scene.video if link.scene_id else None
        if video is None:
            return "–"
        return format_html(
            '{} · <a href="{}" target="_blank" rel="noopener noreferrer">watch&nbsp;↗</a>'
            ' · <a href="{}">edit the scene</a>',
            video.provider,
            link.scene.video_url,
            reverse("admin:dramas_scene_change", args=[link.scene_id]),
        )


@admin.register(Entry)
class EntryAdmin(
    ThroughTheDraft,
    KnownChoicesAdminMixin,
    PartRevisionAdminMixin,
    PartOfListicle,
    DramaPickersAdminMixin,
    SortableAdminBase,
    admin.ModelAdmin,
):
    form = EntryForm
    list_display = ["__str__", "listicle", "position", "drama"]
    list_select_related = ["listicle", "drama"]
    list_filter = ["listicle__status"]
    search_fields = ["heading", "quote", "drama__title", "listicle__title"]
    search_help_text = "Searches headings, quotes, dramas and article headlines."
    autocomplete_fields = ["listicle", "drama", "quote_role", "featuring"]
    fields = ["listicle", "drama", "heading", "quote", "quote_role", "featuring", "body"]
    ordering = ["-listicle__created", "position", "id"]
    inlines = [EntrySceneInline]

    def listicle_of(self, entry):
        return entry.listicle

    def listicle_of_page(self, request, object_id):
        if object_id is not None:
            return listicle_of_entry_id(unquote(object_id))
        if request.method == "POST":  # the add page: the listicle picked
            return Listicle.objects.filter(pk=as_id(request.POST.get("listicle"))).first()
        return None

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs and obj is not None and obj.pk and part_drafts.within_draft_of(obj.listicle):
            rows = obj.scene_links.order_by(*EntryScene._meta.ordering)
            kwargs["data"] = part_drafts.clip_ids_as_read_now(kwargs["data"], prefix, rows)
        return kwargs

    def get_readonly_fields(self, request, obj=None):
        # An entry stays in its listicle; its place there is set by dragging on the listicle page.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "listicle"] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        if not change:
            last = obj.listicle.entries.aggregate(last=Max("position"))["last"]
            obj.position = (last or 0) + 1
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        return self._back_to_listicle(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_listicle(request, obj) or super().response_add(request, obj, post_url_continue)

    def _back_to_listicle(self, request, entry):
        """Plain "Save" returns to the listicle the entry belongs to, at this entry."""
        if any(key in request.POST for key in ("_continue", "_addanother", "_saveasnew", IS_POPUP_VAR)):
            return None
        self.message_user(request, f"“{entry}” was saved; the article's history includes the change.")
        url = reverse("admin:articles_listicle_change", args=[entry.listicle_id])
        return HttpResponseRedirect(f"{url}#entries-group")


@admin.register(EntryScene)
class EntrySceneAdmin(
    ThroughTheDraft,
    LibraryPickerAdminMixin,
    KnownChoicesAdminMixin,
    PartRevisionAdminMixin,
    PartOfListicle,
    admin.ModelAdmin,
):
    """Clips are edited on their entry's page; this list finds where a scene is used."""

    form = EntrySceneForm
    list_display = ["scene", "entry", "position"]
    list_select_related = ["scene__drama", "entry__drama", "entry__listicle"]
    search_fields = ["scene__title", "scene__drama__title", "entry__listicle__title"]
    autocomplete_fields = ["entry", "scene"]
    fields = ["entry", "scene", "image", "image_alt", "credit", "lead_in", "caption"]

    def listicle_of(self, link):
        return link.entry.listicle

    def listicle_of_page(self, request, object_id):
        if object_id is not None:
            link = EntryScene.objects.filter(pk=as_id(unquote(object_id))).only("entry_id").first()
            return listicle_of_entry_id(link.entry_id) if link is not None else None
        if request.method == "POST":  # the add page: the entry picked
            return listicle_of_entry_id(request.POST.get("entry"))
        return None

    def get_model_perms(self, request):
        return {}  # not listed on the admin index: clips belong on their entry's page

    def save_model(self, request, obj, form, change):
        if not change:
            last = obj.entry.scene_links.aggregate(last=Max("position"))["last"]
            obj.position = (last or 0) + 1
        super().save_model(request, obj, form, change)

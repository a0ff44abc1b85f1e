"""The article admin: listicles with their entries inline, each entry's clips, authors and tags.

Editors order entries and clips by dragging (django-admin-sortable2); nobody types a position.
An entry and its clips are part of their listicle, so whoever may not change the listicle
(see the workflow) may not change them from their own pages either.
"""

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join

from accounts.reauthentication import ReauthenticateToDelete
from dramas.admin_columns import related_count, thumbnail
from dramas.image_inputs import ImageThumbnailsAdminMixin
from dramas.models import Role
from dramas.pickers import DramaPickersAdminMixin
from soompi.forms import with_arguments

from .. import addresses
from ..forms import EntryForm, EntryInlineForm, EntrySceneForm, ListicleForm
from ..models import Author, Entry, EntryScene, Listicle
from ..widgets import KnownChoicesAdminMixin
from .compare import CompareRevisionsAdminMixin
from .edit_conflicts import EditConflictAdminMixin, MergeEditsAdminMixin
from .pages import ListiclePagesMixin
from .presence import PresenceAdminMixin
from .preview import StaffPreviewAdminMixin
from .reactions import ReaderResponseAdminMixin
from .restore import RestoreRevisionAdminMixin
from .revisions import PartRevisionAdminMixin, RevisionHistoryAdminMixin
from .share_links import ShareLinksAdminMixin
from .workflow import WorkflowAdminMixin


@admin.register(Author)
class AuthorAdmin(ImageThumbnailsAdminMixin, admin.ModelAdmin):
    list_display = ["avatar_thumbnail", "name", "user", "instagram", "listicle_count"]
    list_display_links = ["avatar_thumbnail", "name"]
    list_select_related = ["user"]
    search_fields = ["name", "slug"]
    search_help_text = "Searches names and addresses."
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "user", "bio", "avatar", "instagram"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(listicle_count=related_count(Listicle, "author"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Bylines belong to newsroom logins; readers' accounts are not offered.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("username")
            kwargs["help_text"] = (
                "The newsroom login that writes as this author; their new articles get this byline."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Avatar")
    def avatar_thumbnail(self, author):
        return thumbnail(author.avatar, author.name, width=40, height=40)

    @admin.display(description="Articles", ordering="listicle_count")
    def listicle_count(self, author):
        return author.listicle_count


class EntryInline(KnownChoicesAdminMixin, SortableStackedInline):
    model = Entry
    form = EntryInlineForm
    fields = ["drama", "heading", "quote", "quote_role", "featuring", "body", "scenes"]
    autocomplete_fields = ["drama", "quote_role", "featuring"]
    show_change_link = True
    verbose_name_plural = "Entries — drag an entry by its title bar to move it; new entries go last"

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("drama", "quote_role__actor")
            .prefetch_related(
                Prefetch("featuring", Role.objects.select_related("actor")),
                Prefetch("scene_links", EntryScene.objects.select_related("scene__drama")),
            )
        )

    @admin.display(description="Scenes")
    def scenes(self, entry):
        """The entry's scenes, for those who may read the listicle but not change it."""
        rows = format_html_join(
            "", "<li>{}</li>", ((link.scene or link,) for link in entry.scene_links.all())
        )
        return format_html('<ul class="related-list">{}</ul>', rows) if rows else "–"


@admin.register(Listicle)
class ListicleAdmin(
    ReauthenticateToDelete,  # deleting an article asks for a recent sign-in
    ReaderResponseAdminMixin,
    WorkflowAdminMixin,
    EditConflictAdminMixin,
    RevisionHistoryAdminMixin,
    MergeEditsAdminMixin,
    CompareRevisionsAdminMixin,
    RestoreRevisionAdminMixin,
    StaffPreviewAdminMixin,
    ShareLinksAdminMixin,
    PresenceAdminMixin,
    ListiclePagesMixin,
    DramaPickersAdminMixin,
    ImageThumbnailsAdminMixin,
    SortableAdminBase,
    admin.ModelAdmin,
):
    form = ListicleForm
    list_display = [
        "hero_thumbnail",
        "title",
        "status",
        "author",
        "publish_at",
        "entry_count",
        "reaction_count",
    ]
    list_display_links = ["hero_thumbnail", "title"]
    list_filter = [
        "status",
        "numbering",
        ("author", admin.RelatedOnlyFieldListFilter),
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["author"]
    search_fields = [
        "title",
        "slug",
        "dek",
        "author__name",
        "entries__heading",
        "entries__drama__title",
        "entries__featuring__character",
        "entries__featuring__actor__name",
        "entries__quote_role__character",
        "entries__quote_role__actor__name",
        "entries__scene_links__scene__title",
    ]
    search_help_text = (
        "Searches headlines, addresses, deks and authors, and in the entries: dramas, headings, "
        "characters, actors and scene titles."
    )
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    readonly_fields = [
        "status",
        "first_published_at",
        "created",
        "updated",
        "reader_responses",
        "former_addresses",
    ]
    fieldsets = [
        ("Content", {"fields": ["title", "dek", "author", "tags", "intro", "outro"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt"]}),
        ("Presentation", {"fields": ["numbering"]}),
        (
            "Reader interaction",
            {"fields": ["poll_question", "allow_comments", "allow_reactions", "reader_responses"]},
        ),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": [
                    "slug",
                    "former_addresses",
                    "status",
                    "publish_at",
                    "first_published_at",
                    "created",
                    "updated",
                ],
                "description": "The status changes only through the buttons in the Publishing panel.",
            },
        ),
    ]
    inlines = [EntryInline]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=related_count(Entry, "listicle"))

    def get_fieldsets(self, request, obj=None):
        # Once published, a new headline offers to move the address too.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.first_published_at is None:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = list(options["fields"])
        fields.insert(fields.index("title") + 1, "update_slug")
        return [(name, {**options, "fields": fields}), *rest]

    def view_on_site(self, listicle):
        # Only what readers can open; drafts and scheduled articles have a preview instead.
        return listicle.get_absolute_url() if listicle.is_live else None

    @admin.display(description="Old addresses")
    def former_addresses(self, listicle):
        """Where readers who kept an old link land, and which slugs can never be the address again."""
        old = addresses.old_addresses(listicle.pk) if listicle.pk else {}
        if not old:
            return "–"
        permanent = addresses.permanent_slugs(old)
        settles = max(retired_at for retired_at, _ in old.values()) + addresses.settling_time()
        rows = []
        for slug, (retired_at, _) in sorted(old.items(), key=lambda item: item[1][0], reverse=True):
            if slug in permanent:
                state = "redirects permanently: it cannot be the address again"
            else:
                state = f"redirects for now; permanently from {day(settles)}, unless the article moves back"
            rows.append((f"/article/{listicle.pk}/{slug}/", day(retired_at), state))
        items = format_html_join("", "<li><code>{}</code>, left {}: {}</li>", rows)
        return format_html('<ul class="related-list">{}</ul>', items)

    @admin.display(description="Hero")
    def hero_thumbnail(self, listicle):
        return thumbnail(listicle.hero_image, listicle.hero_alt, width=64, height=36)

    @admin.display(description="Entries", ordering="entry_count")
    def entry_count(self, listicle):
        return listicle.entry_count


def day(moment):
    return formats.date_format(timezone.localtime(moment), "j F Y")


class PartOfListicle:
    """Permissions of a piece of a listicle follow the listicle's own admin (and so the workflow)."""

    def listicle_of(self, obj):
        raise NotImplementedError

    def listicle_allows(self, request, listicle):
        return self.admin_site.get_model_admin(Listicle).has_change_permission(request, listicle)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.listicle_allows(request, self.listicle_of(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.listicle_allows(request, self.listicle_of(obj)))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return with_arguments(form, listicle_allows=lambda listicle: self.listicle_allows(request, listicle))


class EntrySceneInline(KnownChoicesAdminMixin, SortableStackedInline):
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
class EntrySceneAdmin(KnownChoicesAdminMixin, PartRevisionAdminMixin, PartOfListicle, admin.ModelAdmin):
    """Clips are edited on their entry's page; this list finds where a scene is used."""

    form = EntrySceneForm
    list_display = ["scene", "entry", "position"]
    list_select_related = ["scene__drama", "entry__drama", "entry__listicle"]
    search_fields = ["scene__title", "scene__drama__title", "entry__listicle__title"]
    autocomplete_fields = ["entry", "scene"]
    fields = ["entry", "scene", "image", "image_alt", "credit", "lead_in", "caption"]

    def listicle_of(self, link):
        return link.entry.listicle

    def get_model_perms(self, request):
        return {}  # not listed on the admin index: clips belong on their entry's page

    def save_model(self, request, obj, form, change):
        if not change:
            last = obj.entry.scene_links.aggregate(last=Max("position"))["last"]
            obj.position = (last or 0) + 1
        super().save_model(request, obj, form, change)

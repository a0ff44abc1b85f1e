"""The knowledge-base admin: dramas with their cast and where to watch them, actors, roles and scenes.

Editors build articles out of these records, so every list shows what an article would use
(posters, stills, which video service) and every picker searches by the names editors know.
"""

from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, Value
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from taggit.models import Tag

from pictures.picker import LibraryPickerAdminMixin
from soompi.forms import with_arguments

from .admin_columns import related_count, thumbnail
from .forms import DramaForm, HttpsURLField, SceneForm, WatchLinkForm
from .link_health_admin import (
    DramaLinkStatusFilter,
    LinkStatusFilter,
    drama_link_counts,
    drama_link_status,
    link_health_panel,
    link_status,
)
from .live_admin import LiveParentInlineMixin, LiveRowAdminMixin, refused
from .models import Actor, Drama, Role, Scene, WatchLink
from .pickers import DramaPickersAdminMixin, NarrowedByDramaAdminMixin
from .tags import TagAdmin

admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)


def entry_count():
    """How many entries are written about each drama, through the relation the articles declare
    on it; 0 where nothing builds on the knowledge base."""
    try:
        relation = Drama._meta.get_field("entries")
    except FieldDoesNotExist:
        return Value(0)
    return related_count(relation.related_model, relation.field.name)


class RoleInline(LiveParentInlineMixin, SortableTabularInline):
    model = Role
    fields = ["character", "actor", "billing"]
    autocomplete_fields = ["actor"]
    extra = 0
    verbose_name = "character"
    verbose_name_plural = "Cast — drag the rows to set the billing order"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class WatchLinkInline(LiveParentInlineMixin, SortableTabularInline):
    model = WatchLink
    formfield_overrides = {models.URLField: {"form_class": HttpsURLField}}
    fields = ["provider", "url", "status"]
    readonly_fields = ["status"]
    extra = 0
    verbose_name_plural = "Where to watch — the first link is the “Watch Now” button"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("drama")  # each row is named after it

    @admin.display(description="Link status")
    def status(self, link):
        return link_status(link)


@admin.register(Drama)
class DramaAdmin(LibraryPickerAdminMixin, LiveRowAdminMixin, SortableAdminBase, admin.ModelAdmin):
    form = DramaForm
    list_display = [
        "poster_thumbnail",
        "title",
        "native_title",
        "year",
        "network",
        "role_count",
        "entry_count",
        "link_status",
    ]
    list_display_links = ["poster_thumbnail", "title"]
    list_filter = [DramaLinkStatusFilter, "network", "year", ("tags", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "native_title", "slug"]
    search_help_text = "Searches titles (English and original) and addresses."
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["scene_list", "link_health"]
    fieldsets = [
        (None, {"fields": ["title", "native_title", "slug", ("year", "network", "episodes"), "tags"]}),
        ("Synopsis", {"fields": ["synopsis"]}),
        ("Poster", {"fields": ["poster", "poster_alt"]}),
        (
            "Scenes",
            {
                "fields": ["scene_list"],
                "description": "The clips entries show. Open a scene to change its video or characters.",
            },
        ),
        (
            "Link health",
            {
                "fields": ["link_health"],
                "description": "What the last check of each watch link found (every "
                f"{settings.WATCH_LINK_CHECK_HOURS:g} hours). A link is broken after "
                f"{settings.WATCH_LINK_BROKEN_AFTER} failed checks in a row; readers still see it until "
                "you change or remove it below.",
            },
        ),
    ]
    inlines = [RoleInline, WatchLinkInline]

    class Media:
        css = {"all": ["dramas/admin/link_health.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                role_count=related_count(Role, "drama"), entry_count=entry_count(), **drama_link_counts()
            )
        )

    @admin.display(description="Poster")
    def poster_thumbnail(self, drama):
        return thumbnail(drama.poster, drama.poster_alt, width=36, height=52)

    @admin.display(description="Characters", ordering="role_count")
    def role_count(self, drama):
        return drama.role_count

    @admin.display(description="Used in entries", ordering="entry_count")
    def entry_count(self, drama):
        return drama.entry_count

    @admin.display(description="Link status", ordering="-broken_link_count")
    def link_status(self, drama):
        return drama_link_status(drama)

    @admin.display(description="Watch links")
    def link_health(self, drama):
        if drama.pk is None:
            return "Save the drama first; its links are checked after that."
        return link_health_panel(list(drama.watch_links.all()))

    @admin.display(description="Scenes of this drama")
    def scene_list(self, drama):
        if drama.pk is None:
            return "Save the drama first; then add its scenes from here."
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> <span class="quiet">{}</span></li>',
            (
                (
                    reverse("admin:dramas_scene_change", args=[scene.pk]),
                    f"Ep. {scene.episode}: {scene.title}" if scene.episode else scene.title,
                    scene.video.provider if scene.video else "no video",
                )
                for scene in drama.scenes.all()
            ),
        )
        add_url = f"{reverse('admin:dramas_scene_add')}?drama={drama.pk}"
        return format_html(
            '<ul class="related-list">{}</ul><a class="addlink" href="{}">Add a scene</a>',
            rows or format_html("<li>{}</li>", "No scenes yet."),
            add_url,
        )


@admin.register(Actor)
class ActorAdmin(LibraryPickerAdminMixin, LiveRowAdminMixin, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "native_name", "instagram_link", "role_count"]
    list_display_links = ["photo_thumbnail", "name"]
    search_fields = ["name", "native_name", "slug"]
    search_help_text = "Searches names (English and original) and addresses."
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["filmography"]
    fieldsets = [
        (None, {"fields": ["name", "native_name", "slug", "instagram", "bio"]}),
        ("Photo", {"fields": ["photo", "photo_alt"]}),
        ("Roles", {"fields": ["filmography"], "description": "Add roles from the drama's cast."}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_count=related_count(Role, "actor"))

    @admin.display(description="Photo")
    def photo_thumbnail(self, actor):
        return thumbnail(actor.photo, actor.photo_alt, width=40, height=40)

    @admin.display(description="Instagram", ordering="instagram")
    def instagram_link(self, actor):
        if not actor.instagram:
            return "–"
        return format_html(
            '<a href="https://www.instagram.com/{}/" target="_blank" rel="noopener noreferrer">@{}</a>',
            actor.instagram,
            actor.instagram,
        )

    @admin.display(description="Roles", ordering="role_count")
    def role_count(self, actor):
        return actor.role_count

    @admin.display(description="Characters played")
    def filmography(self, actor):
        roles = actor.roles.select_related("drama") if actor.pk else Role.objects.none()
        rows = format_html_join(
            "",
            '<li>{} in <a href="{}">{}</a></li>',
            (
                (role.character, reverse("admin:dramas_drama_change", args=[role.drama_id]), role.drama)
                for role in roles
            ),
        )
        return format_html('<ul class="related-list">{}</ul>', rows) if rows else "None yet."


@admin.register(Role)
class RoleAdmin(NarrowedByDramaAdminMixin, LiveRowAdminMixin, admin.ModelAdmin):
    list_display = ["character", "actor", "drama", "billing"]
    list_filter = ["billing"]
    list_select_related = ["actor", "drama"]
    search_fields = ["character", "actor__name", "drama__title"]
    search_help_text = "Searches characters, actors and dramas."
    autocomplete_fields = ["drama", "actor"]
    fields = ["drama", "character", "actor", "billing"]
    ordering = ["drama__title", "position", "id"]


class VideoProviderFilter(admin.SimpleListFilter):
    title = "video"
    parameter_name = "video"
    HOSTS = {
        "youtube": ["youtube.com/", "youtu.be/", "youtube-nocookie.com/"],
        "viki": ["viki.com/"],
        "vimeo": ["vimeo.com/"],
    }

    def lookups(self, request, model_admin):
        return [("youtube", "YouTube"), ("viki", "Viki"), ("vimeo", "Vimeo"), ("none", "No video")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(video_url="")
        if value in self.HOSTS:
            hosts = Q()
            for host in self.HOSTS[value]:
                hosts |= Q(video_url__icontains=host)
            return queryset.filter(hosts)
        return queryset


@admin.register(Scene)
class SceneAdmin(
    LibraryPickerAdminMixin,
    DramaPickersAdminMixin,
    NarrowedByDramaAdminMixin,
    LiveRowAdminMixin,
    admin.ModelAdmin,
):
    form = SceneForm
    list_display = ["still_thumbnail", "title", "drama", "episode", "video_link"]
    list_display_links = ["still_thumbnail", "title"]
    list_filter = [VideoProviderFilter]
    list_select_related = ["drama"]
    search_fields = [
        "title",
        "drama__title",
        "drama__native_title",
        "roles__character",
        "roles__actor__name",
        "quote",
        "summary",
    ]
    search_help_text = "Searches scene titles, dramas, characters, actors, quotes and summaries."
    autocomplete_fields = ["drama", "roles"]
    fieldsets = [
        (None, {"fields": ["drama", "title", "episode", "roles", "quote", "summary"]}),
        ("Video", {"fields": ["video_url"]}),
        ("Still", {"fields": ["still", "still_alt"]}),
    ]

    @admin.display(description="Still")
    def still_thumbnail(self, scene):
        return thumbnail(scene.still, scene.still_alt, width=64, height=36)

    @admin.display(description="Video")
    def video_link(self, scene):
        """The service the clip plays on, linked to the clip itself."""
        if not scene.video:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}&nbsp;↗</a>',
            scene.video_url,
            scene.video.provider,
        )


@admin.register(WatchLink)
class WatchLinkAdmin(LiveRowAdminMixin, admin.ModelAdmin):
    form = WatchLinkForm
    list_display = ["drama", "provider", "url", "status"]
    list_filter = [LinkStatusFilter, "provider"]
    list_select_related = ["drama"]
    search_fields = ["drama__title", "url"]
    search_help_text = "Searches dramas and links."
    autocomplete_fields = ["drama"]
    fields = ["drama", "provider", "url", "health"]
    readonly_fields = ["health"]

    class Media:
        css = {"all": ["dramas/admin/link_health.css"]}

    ordering = ["drama__title", "position", "id"]

    @admin.display(description="Link status", ordering="failures")
    def status(self, link):
        return link_status(link)

    @admin.display(description="Link health")
    def health(self, link):
        return link_health_panel([link]) if link.pk else "Checked after it is saved."

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return with_arguments(form, live_items=lambda drama: refused(request, drama))

"""The media library in the admin: search, upload, alt text and credit, and the focal point.

The list is searchable (alt text, caption, credit, file name) and filtered by where an image came
from and whether it has alt text; it is also the picker's popup (`pictures.picker`), where a click
on an image chooses it. An image's page shows the picture: a click on it sets the focal point (the
two number fields below it do the same from the keyboard), with previews of the crops readers see.
Its file cannot change once stored, since other rows name it; "Used by" lists them.
"""

from django.apps import apps
from django.contrib import admin
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from .models import Image
from .renditions import CROPS
from .thumbnails import thumbnail_url
from .uploads import ImageField

USED_BY_SHOWN = 20  # rows per image field


class SourceFilter(admin.SimpleListFilter):
    title = "uploaded through"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [("library", "The library"), ("fields", "An image field (poster, photo, hero…)")]

    def queryset(self, request, queryset):
        if self.value() == "library":
            return queryset.filter(file__startswith="library/")
        if self.value() == "fields":
            return queryset.exclude(file__startswith="library/")
        return queryset


class AltTextFilter(admin.SimpleListFilter):
    title = "alt text"
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", "Missing"), ("given", "Given")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt="")
        if self.value() == "given":
            return queryset.exclude(alt="")
        return queryset


def fields_in_library():
    """(model, field) of every image field whose files the library records."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ImageField) and field.in_library:
                yield model, field


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "name", "alt", "credit", "size", "created"]
    list_display_links = ["thumbnail", "name"]
    list_filter = [SourceFilter, AltTextFilter, "created"]
    search_fields = ["alt", "caption", "credit", "file"]
    list_per_page = 40
    date_hierarchy = "created"
    readonly_fields = ["focal_point", "used_by", "size", "uploaded_by", "created"]
    fieldsets = [
        (None, {"fields": ["file", "alt", "credit", "caption"]}),
        (
            "Focal point",
            {
                "fields": ["focal_point", "focal_x", "focal_y"],
                "description": "Cropped renditions (16:9 heroes and cards, square avatars, portraits) "
                "keep this point in view. Pages showing the image get the new crops once saved.",
            },
        ),
        ("Advanced", {"classes": ["collapse"], "fields": ["used_by", "size", "uploaded_by", "created"]}),
    ]

    class Media:
        css = {"all": ["pictures/library.css"]}
        js = ["pictures/focal_point.js"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Other rows name the stored file: it never changes under them.
        return ["file", *fields] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # uploading: the focal point is set on the picture once it is stored
            return [(None, {"fields": ["file", "alt", "credit", "caption"]})]
        return super().get_fieldsets(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        choice = self.admin_site.admin_view(self.choice_view)
        return [path("<int:pk>/choice/", choice, name="pictures_image_choice"), *super().get_urls()]

    def choice_view(self, request, pk):
        """What the picker shows of a chosen image (JSON), for staff who may see the library."""
        if not self.has_view_permission(request):
            raise Http404("There is no such image in the library.")
        image = Image.objects.filter(pk=pk).first()
        if image is None:
            raise Http404("There is no such image in the library.")
        return JsonResponse(
            {
                "id": image.pk,
                "name": image.file.name,
                "url": image.file.url,
                "thumbnail": thumbnail_url(image.file),
                "alt": image.alt,
                "credit": image.credit,
                "width": image.width,
                "height": image.height,
            }
        )

    @admin.display(description="picture")
    def thumbnail(self, obj):
        # The row's first link: its picture's alt text names it (the file name when it has none).
        return format_html(
            '<img src="{}" alt="{}" class="library-thumbnail" width="64" height="64" loading="lazy">',
            thumbnail_url(obj.file),
            obj.alt or obj.file.name,
        )

    @admin.display(description="file", ordering="file")
    def name(self, obj):
        return obj.file.name

    @admin.display(description="size")
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    @admin.display(description="picture")
    def focal_point(self, obj):
        if obj is None or not obj.file:
            return "—"
        crops = [
            {"shape": shape, "across": ratio[0], "down": ratio[1]} for shape, (ratio, _) in CROPS.items()
        ]
        return render_to_string("admin/pictures/image/focal_point.html", {"image": obj, "crops": crops})

    @admin.display(description="used by")
    def used_by(self, obj):
        rows = []
        for model, field in fields_in_library():
            for row in model._default_manager.filter(**{field.name: obj.file.name})[:USED_BY_SHOWN]:
                meta = model._meta
                try:
                    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
                except NoReverseMatch:
                    url = ""
                rows.append({"url": url, "label": f"{meta.verbose_name.capitalize()}: {row}"})
        return render_to_string("admin/pictures/image/used_by.html", {"rows": rows})

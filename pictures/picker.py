"""The image picker: how the admin's image fields take a picture from the media library.

Each image field (a drama's poster, an actor's photo, a scene's still, an author's avatar, an
article's hero, an entry item's image) shows its current picture as a thumbnail, the usual
upload input (upload in place) and "Choose from the library", which opens the library's list in
a Django admin popup (`_popup`, as the "+" and lookup buttons do; its search works there). The
choice comes back as the library image's id in a hidden input beside the field
(`<field>_library`); the form field turns it into the image's stored name, so the row names the
same file as the library, never a copy, and the model field fills an empty alt text field with
the library's (`pictures.uploads.ImageField.save_form_data`). `static/pictures/picker.js` shows
the chosen picture and fills the alt text field on the page at once.

Only staff allowed to see the library (`pictures.view_image`) get the button, and only their
forms accept a library id; an id that names no library image is a form error.
"""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from .models import Image
from .thumbnails import thumbnail_url

LIBRARY_SUFFIX = "_library"
VIEW_PERMISSION = "pictures.view_image"


class Chosen(str):
    """The stored name of a library image chosen for a field, with the image's alt text."""

    alt = ""

    @classmethod
    def of(cls, image):
        name = cls(image.file.name)
        name.alt = image.alt
        return name


class LibraryChoice:
    """What the widget read from a form that chose a library image: the id as posted."""

    def __init__(self, value):
        self.value = value


class LibraryPickerWidget(AdminFileWidget):
    template_name = "pictures/widgets/picker.html"
    alt_field = ""  # the name of the form's alt text field beside this one
    library_allowed = False

    class Media:
        js = ["admin/js/jquery.init.js", "admin/js/admin/RelatedObjectLookups.js", "pictures/picker.js"]
        css = {"all": ["pictures/library.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["library_allowed"] = self.library_allowed
        widget["library_name"] = name + LIBRARY_SUFFIX
        widget["alt_field"] = self.alt_field
        widget["field_name"] = name.rsplit("-", 1)[-1]
        widget["thumbnail"] = thumbnail_url(value) if widget["is_initial"] else ""
        if self.library_allowed:
            changelist = reverse("admin:pictures_image_changelist")
            widget["library_url"] = f"{changelist}?_popup=1&_to_field=id"
            widget["choice_url"] = changelist
        return context

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        chosen = data.get(name + LIBRARY_SUFFIX, "").strip()
        if chosen and not upload:  # an upload wins: it is what the editor did last on the page
            return LibraryChoice(chosen)
        return upload

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name + LIBRARY_SUFFIX not in data


class LibraryImageField(forms.ImageField):
    """An image field that takes an upload, or a library image's id from the picker."""

    default_error_messages = {
        "unknown_library_image": "There is no image %(id)s in the media library. Choose one again.",
        "library_forbidden": "You may not use the media library: upload the image instead.",
    }

    def __init__(self, *args, library_allowed=False, **kwargs):
        self.library_allowed = library_allowed
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, LibraryChoice):
            if not self.library_allowed:
                raise ValidationError(self.error_messages["library_forbidden"], code="library_forbidden")
            image = Image.objects.filter(pk=data.value).first() if data.value.isdigit() else None
            if image is None:
                raise ValidationError(
                    self.error_messages["unknown_library_image"],
                    code="unknown_library_image",
                    params={"id": data.value[:20]},
                )
            return Chosen.of(image)
        return super().clean(data, initial)

    def bound_data(self, data, initial):
        return initial if isinstance(data, LibraryChoice) else super().bound_data(data, initial)


class LibraryPickerAdminMixin:
    """ModelAdmin and inline mixin: every image field gets the picker (`alt_fields` names the alt
    text field of each, when the model field does not)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            allowed = request is not None and request.user.has_perm(VIEW_PERMISSION)
            widget = LibraryPickerWidget()
            widget.library_allowed = allowed
            widget.alt_field = getattr(db_field, "alt_field", None) or ""
            kwargs["widget"] = widget
            kwargs["form_class"] = LibraryImageField
            kwargs["library_allowed"] = allowed
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

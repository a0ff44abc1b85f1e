"""Image fields in the admin show the current image as a thumbnail beside its file name."""

from django.contrib.admin.widgets import AdminFileWidget
from django.db import models


class ThumbnailFileInput(AdminFileWidget):
    template_name = "dramas/widgets/thumbnail_file_input.html"


class ImageThumbnailsAdminMixin:
    """ModelAdmin and inline mixin: every image field gets the thumbnail widget."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs["widget"] = ThumbnailFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

"""What is kept of an upload: the picture, never the camera's metadata.

A photo straight from a phone carries EXIF data — GPS position, camera, time — and editing
programs add XMP and text notes, all of which a reader could download with the original. A JPEG
that carries any is written again without it; a still turned by its EXIF orientation is written
again upright (the orientation tag goes with the rest). PNG, APNG, GIF and WebP files, animated
ones included, lose their metadata blocks without being re-encoded (pictures.metadata), so an
animation keeps every frame and timing. A file without metadata is kept byte for byte.

A save that gives an image field a new file queues the making of its renditions (`pictures.tasks`)
and gives the file a record in the media library (`pictures.models.Image`), carrying the field's
alt text and credit over when the record has none; choosing a library image for a field assigns
its stored name, so both rows name one file.
A file stored under a name an earlier, deleted file had (`prune_media` may delete an original and
keep renditions younger than it) first has that file's renditions deleted and its cached manifest
forgotten, so they are never shown for the new picture.
"""

import io

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.fields.files import ImageFieldFile, ImageFileDescriptor
from PIL import Image, ImageOps

from . import renditions, tasks
from .decoding import check
from .metadata import STRIPPERS

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]

ORIENTATION = 0x0112
TURNED = {"JPEG", "PNG", "WEBP"}
# JPEG segments that only describe how to draw the picture: JFIF, its colour profile, Adobe's
# colour transform. Any other (EXIF, XMP, Photoshop/IPTC, comments, maker notes) is metadata.
JPEG_DRAWING = {("APP0", b"JFIF\0"), ("APP0", b"JFXX\0"), ("APP2", b"ICC_PROFILE\0"), ("APP14", b"Adobe")}
# Signs of EXIF or XMP anywhere in a file, such as after a JPEG's end.
METADATA_MARKS = (b"Exif\0\0", b"<x:xmpmeta", b"<?xpacket", b"adobe:ns:meta")


def jpeg_has_metadata(image, data):
    segments = getattr(image, "applist", [])
    drawing = all(any(m == marker and s.startswith(p) for m, p in JPEG_DRAWING) for marker, s in segments)
    return not drawing or any(mark in data for mark in METADATA_MARKS)


def upright(image):
    """The still `image` re-encoded upright, without metadata (its colour profile kept)."""
    icc = image.info.get("icc_profile")
    fmt = image.format
    turned = ImageOps.exif_transpose(image)
    if fmt == "JPEG":
        turned.info = {}  # Pillow would write some of it (the comment) again; others are stripped after
    out = io.BytesIO()
    options = {"exif": b"", **({"icc_profile": icc} if icc else {})}
    if fmt == "JPEG":
        turned.save(out, "JPEG", quality=92, optimize=True, **options)
    elif fmt == "WEBP":
        turned.save(out, "WEBP", quality=90, **options)
    else:
        turned.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


def without_metadata(file):
    """A ContentFile of the picture in `file` without its metadata, or None when it has none."""
    file.seek(0)
    original = data = file.read()
    file.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            animated = getattr(image, "is_animated", False)
            # Browsers turn JPEG, PNG and WebP stills by their orientation tag, never a GIF.
            turned = fmt in TURNED and not animated and image.getexif().get(ORIENTATION, 1) != 1
            if turned or (fmt == "JPEG" and jpeg_has_metadata(image, data)):
                data = upright(image)
        if fmt in STRIPPERS:
            data = STRIPPERS[fmt](data)
    except (OSError, ValueError, IndexError, Image.DecompressionBombError):
        return None  # the validators refuse what Pillow cannot read; nothing to strip here
    return None if data == original else ContentFile(data)


def validate_upload(file):
    """Refuse anything Pillow cannot fully decode: non-images, truncated files, pixel bombs."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    check(file)


# The checks of the media library's uploads; the knowledge base's and the articles' image fields
# run the same (`dramas.validators.IMAGE_VALIDATORS`).
IMAGE_VALIDATORS = [FileExtensionValidator(IMAGE_EXTENSIONS), validate_upload]


class StoredImage(ImageFieldFile):
    """A file of `ImageField`: storing one clears what was left under its name (see above)."""

    def save(self, name, content, save=True):
        super().save(name, content, save=False)
        # Before any row names the file: no page can show it with the earlier file's renditions.
        renditions.discard(self.name, self.storage)
        if save:
            self.instance.save()


class StoredNameDescriptor(ImageFileDescriptor):
    """The field's attribute, remembering the file name the row was made with (the first value
    set: by `__init__`, or by loading a deferred field): a save compares with it, asking the
    database nothing. Set in the attribute, not by a `post_init` receiver, which every instance of
    the model would pay a signal for."""

    def __set__(self, instance, value):
        key = self.field.stored_name_key
        if key not in instance.__dict__:
            instance.__dict__[key] = getattr(value, "name", value) or ""
        super().__set__(instance, value)


class ImageField(models.ImageField):
    """An ImageField whose new uploads are stored without their metadata, and whose new files get
    their renditions made once the save commits (`pictures.tasks`)."""

    attr_class = StoredImage
    descriptor_class = StoredNameDescriptor

    def __init__(self, *args, in_library=True, alt_field=None, credit_field=None, **kwargs):
        # `in_library`: a file stored through this field gets a media library record, with the
        # alt text and credit of the fields named (none of these reach the migrations).
        self.in_library, self.alt_field, self.credit_field = in_library, alt_field, credit_field
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, **kwargs):
        self.stored_name_key = f"_{name}_stored_name"  # attname is the field's name
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract and self.in_library:
            models.signals.post_save.connect(self.record_in_library, sender=cls, weak=False)

    @property
    def library_key(self):
        return f"_{self.attname}_for_library"

    def record_in_library(self, instance, raw=False, **kwargs):
        """After a save that stored a file (or another file's name): its library record."""
        name = instance.__dict__.pop(self.library_key, None)
        if name and not raw:
            alt = getattr(instance, self.alt_field, "") if self.alt_field else ""
            credit = getattr(instance, self.credit_field, "") if self.credit_field else ""
            apps.get_model("pictures", "Image").objects.record(name, alt=alt.strip(), credit=credit.strip())

    def save_form_data(self, instance, data):
        super().save_form_data(instance, data)
        # A library image chosen in a form (`pictures.picker.Chosen`) brings its alt text to an
        # empty alt text field.
        alt = getattr(data, "alt", "")
        if alt and self.alt_field and not getattr(instance, self.alt_field, "").strip():
            setattr(instance, self.alt_field, alt)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        uploaded = bool(file) and not file._committed
        if uploaded:
            cleaned = without_metadata(file.file)
            if cleaned is not None:
                file.file = cleaned
        file = super().pre_save(model_instance, add)
        if file and (uploaded or add or self.name_changed(model_instance, file.name)):
            tasks.queue(file.name)
            if self.in_library:
                model_instance.__dict__[self.library_key] = file.name
        model_instance.__dict__[self.stored_name_key] = file.name or ""
        return file

    def name_changed(self, model_instance, name):
        """Whether the row stored another file name (a file stored first, or a stored file's name
        assigned, then the row saved): compared with the name it was loaded with, or, for a row
        not loaded from the database (built with its primary key) or loaded without this field,
        with what the database holds."""
        if not model_instance._state.adding:
            loaded = model_instance.__dict__.get(self.stored_name_key)
            if loaded is not None:
                return loaded != name
        stored = type(model_instance)._base_manager.using(model_instance._state.db or DEFAULT_DB_ALIAS)
        return not stored.filter(pk=model_instance.pk, **{self.attname: name}).exists()

    def deconstruct(self):
        # Only Python behaviour differs: migrations see the plain ImageField column.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

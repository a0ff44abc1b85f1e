"""Every image already stored through the knowledge base's and the articles' image fields gets a
media library record naming the same file, with the first alt text and credit found for it and
the focal point in the centre. No file and no rendition is touched: the records only name them.
The newsroom's groups get the library's permissions (Editors all, Writers all but deleting).

Reversing leaves the records; reversing the library's first migration drops them with the table.
"""

from django.contrib.auth.management import create_permissions
from django.core.files.storage import default_storage
from django.db import migrations

from pictures.renditions import original_size

# (app label, model, image field, alt text field, credit field)
IMAGE_FIELDS = [
    ("dramas", "Drama", "poster", "poster_alt", None),
    ("dramas", "Actor", "photo", "photo_alt", None),
    ("dramas", "Scene", "still", "still_alt", None),
    ("articles", "Author", "avatar", None, None),
    ("articles", "Listicle", "hero_image", "hero_alt", None),
    ("articles", "EntryScene", "image", "image_alt", "credit"),
]

EDITOR_CODENAMES = ["add_image", "change_image", "delete_image", "view_image"]
WRITER_CODENAMES = ["add_image", "change_image", "view_image"]
BATCH = 500


def stored_images(apps):
    """{stored name: (alt, credit)} over every image field, the first non-empty of each kept."""
    found = {}
    for app_label, model_name, field, alt_field, credit_field in IMAGE_FIELDS:
        model = apps.get_model(app_label, model_name)
        columns = [field, *(f for f in (alt_field, credit_field) if f)]
        rows = model._base_manager.exclude(**{field: ""}).values(*columns).order_by("pk")
        for row in rows.iterator():
            alt, credit = found.get(row[field], ("", ""))
            found[row[field]] = (
                alt or (row[alt_field].strip() if alt_field else ""),
                credit or (row[credit_field].strip() if credit_field else ""),
            )
    return found


def create_records(apps, schema_editor):
    Image = apps.get_model("pictures", "Image")
    found = stored_images(apps)
    known = set(Image.objects.filter(file__in=list(found)).values_list("file", flat=True))
    # Sizes are read from each file's header (never the pixels); a missing file keeps its record.
    records = []
    for name, (alt, credit) in sorted(found.items()):
        if name in known:
            continue
        size = original_size(name, default_storage)
        records.append(Image(file=name, alt=alt, credit=credit, width=size["width"], height=size["height"]))
    Image.objects.bulk_create(records, batch_size=BATCH)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("pictures")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", EDITOR_CODENAMES), ("Writers", WRITER_CODENAMES)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="pictures", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=["Editors", "Writers"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="pictures"))


class Migration(migrations.Migration):
    dependencies = [
        ("pictures", "0001_media_library"),
        ("dramas", "0004_search_indexes"),
        ("articles", "0018_live_drafts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_records, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]

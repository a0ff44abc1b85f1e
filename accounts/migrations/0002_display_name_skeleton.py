"""Store what each display name looks like (its skeleton), for existing profiles too.

Existing names that already look alike are all kept: the first (oldest) holds the plain skeleton,
each later one its skeleton with its own id appended, so the unique index (next migration) can be
built. Such a reader keeps their name until they change it.
"""

import accounts.names
from django.db import migrations, models


def fill_skeletons(apps, schema_editor):
    ReaderProfile = apps.get_model("accounts", "ReaderProfile")
    seen, changed = set(), []
    for profile in ReaderProfile.objects.only("pk", "display_name").order_by("pk").iterator():
        key = accounts.names.name_key(profile.display_name)[: accounts.names.SKELETON_MAX_LENGTH - 24]
        if key in seen:
            key = f"{key}{accounts.names.DUPLICATE_MARK}{profile.pk}"
        seen.add(key)
        profile.display_name_skeleton = key
        changed.append(profile)
    ReaderProfile.objects.bulk_update(changed, ["display_name_skeleton"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_reader_profiles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="readerprofile",
            name="display_name",
            field=models.CharField(
                help_text="Shown on the reader's comments instead of their email address. Unique, ignoring case and lookalike letters.",
                max_length=30,
                validators=[accounts.names.validate_display_name],
            ),
        ),
        migrations.AddField(
            model_name="readerprofile",
            name="display_name_skeleton",
            field=models.CharField(default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop, elidable=False),
    ]

import django.db.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_display_name_skeleton"),
    ]

    operations = [
        migrations.AlterField(
            model_name="readerprofile",
            name="display_name_skeleton",
            field=django.db.models.CharField(
                editable=False,
                help_text="What the display name looks like (accounts.names.name_key): one reader per look.",
                max_length=255,
                unique=True,
            ),
        ),
    ]

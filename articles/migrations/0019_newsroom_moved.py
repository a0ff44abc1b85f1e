"""Transition, Revision, Draft and PreviewLink now belong to the `newsroom` app (its migration 0001),
which keeps their tables: they leave this app's state only, and the database is not touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_live_drafts"),
        ("newsroom", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Draft"),
                migrations.DeleteModel(name="PreviewLink"),
                migrations.DeleteModel(name="Revision"),
                migrations.DeleteModel(name="Transition"),
            ],
        ),
    ]

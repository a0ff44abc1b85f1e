"""ReactionKind, Reaction and Vote now belong to the `reactions` app (its migration 0001), which
keeps their tables: they leave this app's state only, and the database is not touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_comment_spam_and_hold_reasons"),
        ("reactions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Vote"),
                migrations.DeleteModel(name="Reaction"),
                migrations.DeleteModel(name="ReactionKind"),
            ],
        ),
    ]

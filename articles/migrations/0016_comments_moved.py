"""Comment, CommentFlag, CommentLike, BlockedWord and ReplyEmail now belong to the `comments` app
(its migration 0001), which keeps their tables: they leave this app's state only, and the database
is not touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_reactions_moved"),
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ReplyEmail"),
                migrations.DeleteModel(name="CommentLike"),
                migrations.DeleteModel(name="CommentFlag"),
                migrations.DeleteModel(name="Comment"),
                migrations.DeleteModel(name="BlockedWord"),
            ],
        ),
    ]

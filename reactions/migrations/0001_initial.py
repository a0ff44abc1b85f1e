"""ReactionKind, Reaction and Vote move here from `articles`, with their tables and rows.

The tables keep their names (`articles_reactionkind`, `articles_reaction`, `articles_vote`), their
constraints, indexes and the reactions' tally and its triggers (articles 0012), so the database is
not touched: this migration creates the models in Django's state only, and `articles` 0015 then
deletes them from its own. Their content types are renamed in place (`soompi.model_moves`), so the
Editors' and Writers' permissions on reaction kinds and the admin's log entries stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from soompi import model_moves


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0014_comment_spam_and_hold_reasons"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        *model_moves.DEPENDENCIES,
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReactionKind",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(help_text="Sent by the reaction buttons; changing it breaks nothing saved.", max_length=30, unique=True)),
                        ("label", models.CharField(help_text="The word under the emoji, e.g. “Swoon”.", max_length=40)),
                        ("emoji", models.CharField(help_text="One emoji, e.g. 😍.", max_length=16)),
                        ("position", models.PositiveIntegerField(db_index=True, default=0)),
                        ("active", models.BooleanField(default=True, help_text="Readers see active kinds only. Untick it to retire a kind: its past reactions are kept.")),
                    ],
                    options={
                        "db_table": "articles_reactionkind",
                        "ordering": ["position", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Reaction",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reader", models.CharField(blank=True, help_text="Anonymous reader id (from their cookie).", max_length=32)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("listicle", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reactions", to="articles.listicle")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="reactions", to=settings.AUTH_USER_MODEL)),
                        ("kind", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="reactions", to="reactions.reactionkind")),
                    ],
                    options={
                        "db_table": "articles_reaction",
                        "indexes": [models.Index(fields=["listicle", "kind"], name="reaction_counts")],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("user__isnull", False)), fields=("listicle", "user"), name="one_reaction_per_account"),
                            models.UniqueConstraint(condition=models.Q(("user__isnull", True)), fields=("listicle", "reader"), name="one_reaction_per_reader"),
                            models.CheckConstraint(condition=models.Q(models.Q(("user__isnull", False), ("reader", "")), models.Q(("user__isnull", True), models.Q(("reader", ""), _negated=True)), _connector="OR"), name="reaction_by_account_or_reader"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Vote",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reader", models.CharField(blank=True, help_text="Anonymous reader id (from their cookie).", max_length=32)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="votes", to="articles.entry")),
                        ("listicle", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="votes", to="articles.listicle")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="votes", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "articles_vote",
                        "indexes": [models.Index(fields=["listicle", "entry"], name="vote_counts")],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("user__isnull", False)), fields=("listicle", "user"), name="one_vote_per_account"),
                            models.UniqueConstraint(condition=models.Q(("user__isnull", True)), fields=("listicle", "reader"), name="one_vote_per_reader"),
                            models.CheckConstraint(condition=models.Q(models.Q(("user__isnull", False), ("reader", "")), models.Q(("user__isnull", True), models.Q(("reader", ""), _negated=True)), _connector="OR"), name="vote_by_account_or_reader"),
                        ],
                    },
                ),
            ],
        ),
        model_moves.content_types_moved("articles", "reactions", ["reactionkind", "reaction", "vote"]),
    ]

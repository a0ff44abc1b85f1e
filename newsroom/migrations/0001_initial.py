"""Transition, Revision, Draft and PreviewLink move here from `articles`, with their tables and rows.

The tables keep their names (`articles_transition`, `articles_revision`, `articles_draft`,
`articles_previewlink`), their constraints and indexes, so the database is not touched: this
migration creates the models in Django's state only, and `articles` 0019 then deletes them from its
own. Their content types are renamed in place (`soompi.model_moves`), so the Editors' and Writers'
permissions to view transitions and revisions, and the admin's log entries, stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from soompi import model_moves


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0018_live_drafts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        *model_moves.DEPENDENCIES,
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PreviewLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('expires_at', models.DateTimeField()),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('listicle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='preview_links', to='articles.listicle')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'articles_previewlink',
                        'ordering': ['-created', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Revision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('snapshot', models.JSONField()),
                        ('entry_ids', models.JSONField(blank=True, default=list, help_text="The ids of the snapshot's entries, in its order.")),
                        ('summary', models.CharField(blank=True, max_length=200)),
                        ('draft', models.BooleanField(default=False)),
                        ('listicle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='articles.listicle')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'articles_revision',
                        'ordering': ['-created', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Transition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('archived', 'Archived')], max_length=10)),
                        ('to_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('archived', 'Archived')], max_length=10)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('note', models.TextField(blank=True)),
                        ('publish_at', models.DateTimeField(blank=True, null=True)),
                        ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('listicle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='articles.listicle')),
                    ],
                    options={
                        'db_table': 'articles_transition',
                        'ordering': ['-at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Draft',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('updated', models.DateTimeField()),
                        ('in_review', models.BooleanField(default=False)),
                        ('publish_at', models.DateTimeField(blank=True, null=True)),
                        ('listicle', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='live_draft', to='articles.listicle')),
                        ('scheduled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('revision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='newsroom.revision')),
                    ],
                    options={
                        'db_table': 'articles_draft',
                        'indexes': [models.Index(fields=['publish_at'], name='draft_due')],
                    },
                ),
            ],
        ),
        model_moves.content_types_moved(
            "articles", "newsroom", ["transition", "revision", "draft", "previewlink"]
        ),
    ]

"""Comment, CommentFlag, CommentLike, BlockedWord and ReplyEmail move here from `articles`, with
their tables and rows.

The tables keep their names (`articles_comment`, `articles_commentflag`, `articles_commentlike`,
`articles_blockedword`, `articles_replyemail`), their constraints and indexes, so the database is
not touched: this migration creates the models in Django's state only, and `articles` 0016 then
deletes them from its own. Their content types are renamed in place (`soompi.model_moves`), so
`moderate_comment` and the Editors' and Writers' other permissions on comments and blocked words,
and the admin's log entries, stay attached.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from soompi import model_moves


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0015_reactions_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        *model_moves.DEPENDENCIES,
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BlockedWord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('word', models.CharField(help_text='A comment containing this word or phrase waits for moderation. Matched on what it looks like: case, accents, lookalike letters (Cyrillic “а”, fullwidth “ａ”) and invisible characters are ignored.', max_length=60, unique=True)),
                    ],
                    options={
                        'db_table': 'articles_blockedword',
                        'ordering': ['word'],
                    },
                ),
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(help_text='Plain text as the reader typed it; links become clickable on the page.')),
                        ('spoiler', models.BooleanField(default=False, help_text='Folded behind “Spoiler — show” on the page.')),
                        ('status', models.CharField(choices=[('published', 'Published'), ('pending', 'Awaiting moderation'), ('hidden', 'Hidden'), ('spam', 'Spam'), ('removed', 'Removed')], db_index=True, default='published', help_text='Readers see Published comments; Awaiting moderation only to its author; Hidden, Spam and Removed to nobody. Spam also counts against its author: their next comments wait for a moderator and their flags do not hide comments.', max_length=10)),
                        ('created', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('edited', models.DateTimeField(blank=True, help_text='When its author last changed it.', null=True)),
                        ('deleted', models.DateTimeField(blank=True, help_text='When its author deleted it; kept as “[deleted]” while it has replies.', null=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('held_for', models.CharField(blank=True, choices=[('', '—'), ('first', 'First comment'), ('links', 'Too many links'), ('blocked', 'Blocked word'), ('flagged', 'Flagged'), ('spammed', "Author's earlier spam")], default='', help_text="Why it waits for a moderator: a Flagged comment may still be Published (its flaggers' standing was too low to hide it). A moderator's decision clears it.", max_length=10)),
                        ('hold_reasons', models.JSONField(blank=True, default=list, help_text='Every reason found when it was last held for a moderator, with its details (the blocked words, how many links); kept after the decision (comments.holds).')),
                        ('decided_by', models.ForeignKey(blank=True, help_text='The moderator who last set the status.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('listicle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='articles.listicle')),
                        ('parent', models.ForeignKey(blank=True, help_text='The comment this one answers; empty for a new thread.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='comments.comment')),
                        ('thread', models.ForeignKey(blank=True, help_text='The top-level comment of the conversation; empty for a top-level comment.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='thread_replies', to='comments.comment')),
                        ('user', models.ForeignKey(blank=True, help_text='Empty once the reader deleted their account: the comment shows “[deleted account]”.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='comments', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'articles_comment',
                        'ordering': ['created', 'id'],
                        'permissions': [('moderate_comment', "Can approve, hide and remove readers' comments")],
                    },
                ),
                migrations.CreateModel(
                    name='CommentFlag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(blank=True, choices=[('spam', 'Spam or advertising'), ('abuse', 'Harassment or hate'), ('spoiler', 'Unmarked spoiler'), ('other', 'Something else')], max_length=10)),
                        ('weight', models.PositiveSmallIntegerField(default=1, help_text='What the flag counts toward hiding the comment: 1 from a trusted reader, 0 from a new or unverified account (its flag only puts the comment before a moderator).')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now)),
                        ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='comments.comment')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'articles_commentflag',
                    },
                ),
                migrations.CreateModel(
                    name='CommentLike',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now)),
                        ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='likes', to='comments.comment')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'articles_commentlike',
                    },
                ),
                migrations.CreateModel(
                    name='ReplyEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sending', 'Being sent'), ('sent', 'Sent'), ('skipped', 'Not wanted'), ('failed', 'Gave up')], db_index=True, default='pending', max_length=8)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('created', models.DateTimeField(default=django.utils.timezone.now)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('last_error', models.CharField(blank=True, max_length=200)),
                        ('comment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reply_email', to='comments.comment')),
                    ],
                    options={
                        'db_table': 'articles_replyemail',
                    },
                ),
                migrations.AddIndex(
                    model_name='comment',
                    index=models.Index(fields=['listicle', 'thread', 'status', 'created'], name='comment_page_idx'),
                ),
                migrations.AddConstraint(
                    model_name='commentflag',
                    constraint=models.UniqueConstraint(fields=('comment', 'user'), name='one_flag_per_reader'),
                ),
                migrations.AddConstraint(
                    model_name='commentlike',
                    constraint=models.UniqueConstraint(fields=('comment', 'user'), name='one_like_per_reader'),
                ),
            ],
        ),
        model_moves.content_types_moved(
            "articles", "comments", ["comment", "commentflag", "commentlike", "blockedword", "replyemail"]
        ),
    ]

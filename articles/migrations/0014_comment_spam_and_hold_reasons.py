"""Comments get a Spam status and keep every reason they were held for (`articles.holds`).

A comment waiting for a moderator today keeps the one reason it was held for, without details;
a comment decided earlier never said why it had waited, and keeps an empty list.
"""

from django.db import migrations, models


def reasons_from_held_for(apps, schema_editor):
    Comment = apps.get_model("articles", "Comment")
    for held in Comment.objects.exclude(held_for="").values_list("held_for", flat=True).distinct():
        Comment.objects.filter(held_for=held).update(hold_reasons=[{"reason": held}])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_old_addresses'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='hold_reasons',
            field=models.JSONField(blank=True, default=list, help_text='Every reason found when it was last held for a moderator, with its details (the blocked words, how many links); kept after the decision (articles.holds).'),
        ),
        migrations.AlterField(
            model_name='comment',
            name='held_for',
            field=models.CharField(blank=True, choices=[('', '—'), ('first', 'First comment'), ('links', 'Too many links'), ('blocked', 'Blocked word'), ('flagged', 'Flagged'), ('spammed', "Author's earlier spam")], default='', help_text="Why it waits for a moderator: a Flagged comment may still be Published (its flaggers' standing was too low to hide it). A moderator's decision clears it.", max_length=10),
        ),
        migrations.AlterField(
            model_name='comment',
            name='status',
            field=models.CharField(choices=[('published', 'Published'), ('pending', 'Awaiting moderation'), ('hidden', 'Hidden'), ('spam', 'Spam'), ('removed', 'Removed')], db_index=True, default='published', help_text='Readers see Published comments; Awaiting moderation only to its author; Hidden, Spam and Removed to nobody. Spam also counts against its author: their next comments wait for a moderator and their flags do not hide comments.', max_length=10),
        ),
        migrations.RunPython(reasons_from_held_for, migrations.RunPython.noop),
    ]

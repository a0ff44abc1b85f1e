"""Seed the reaction kinds readers choose from, and let the newsroom manage them.

Editors manage the kinds (add, rename, reorder, retire); Writers may look at them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KINDS = [
    ("love", "Love", "\u2764\ufe0f"),  # ❤️
    ("swoon", "Swoon", "😍"),
    ("lol", "LOL", "😂"),
    ("wow", "Wow", "😮"),
    ("sad", "Sad", "😢"),
    ("angry", "Angry", "😠"),
]

GRANTS = {
    "Editors": {"reactionkind": ["add", "change", "delete", "view"]},
    "Writers": {"reactionkind": ["view"]},
}


def seed(apps, schema_editor):
    ReactionKind = apps.get_model("articles", "ReactionKind")
    for position, (slug, label, emoji) in enumerate(KINDS, start=1):
        ReactionKind.objects.get_or_create(
            slug=slug, defaults={"label": label, "emoji": emoji, "position": position}
        )
    # Permissions are normally created after all migrations; this one needs them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, actions in grants.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label="articles", codename=f"{action}_{model}")
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_reactions"),
        ("articles", "0003_newsroom_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back leaves the kinds (and the reactions that use them) alone; 0005 drops the tables.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Create the newsroom's groups, Writers and Editors, with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KNOWLEDGE_BASE = ["drama", "actor", "role", "scene", "watchlink"]

EDITORS = {
    "articles": {
        "author": ["add", "change", "delete", "view"],
        "listicle": ["add", "change", "delete", "view", "publish"],
        "entry": ["add", "change", "delete", "view"],
        "entryscene": ["add", "change", "delete", "view"],
        "transition": ["view"],
        "revision": ["view"],
    },
    "dramas": {model: ["add", "change", "delete", "view"] for model in KNOWLEDGE_BASE},
    "taggit": {"tag": ["add", "change", "delete", "view"]},
}

WRITERS = {
    "articles": {
        "author": ["view"],
        "listicle": ["add", "change", "view"],
        "entry": ["add", "change", "delete", "view"],
        "entryscene": ["add", "change", "delete", "view"],
        "transition": ["view"],
        "revision": ["view"],
    },
    "dramas": {model: ["add", "change", "view"] for model in KNOWLEDGE_BASE},
    "taggit": {"tag": ["add", "view"]},
}


def codename(action, model):
    return "publish_listicle" if action == "publish" else f"{action}_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_label in ("articles", "dramas", "taggit"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in (("Editors", EDITORS), ("Writers", WRITERS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                for action in actions:
                    group.permissions.add(
                        Permission.objects.get(
                            content_type__app_label=app_label, codename=codename(action, model)
                        )
                    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Writers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("dramas", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

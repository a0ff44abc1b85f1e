"""Models moving from one app to another with their tables: their content types go with them.

A model that moves keeps its table (`Meta.db_table` names the old one), its rows, and its
constraints' and indexes' names: the two apps' migrations only change Django's state of it
(`SeparateDatabaseAndState`: the new app creates it, then the old app deletes it). What does
change is Django's own record of the model, its `ContentType`: `content_types_moved` renames that
row's `app_label` in place, so whatever points at it by id — its permissions and the groups and
users holding them, the admin log's entries, any generic relation — stays attached::

    dependencies = [("articles", "0012_reaction_tally"), *model_moves.DEPENDENCIES]
    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(...), ...]),
        model_moves.content_types_moved("articles", "reactions", ["reactionkind", "reaction"]),
    ]

A content type already made under the new label (Django makes one for every installed model
after any `migrate`, even one that stopped before the move) is folded into the old row: its
permissions' holders, log entries and generic relations move over, and it is deleted.
"""

from django.db import migrations

# What the operation reads and writes, for the moving migration's own `dependencies`.
DEPENDENCIES = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("admin", "0003_logentry_add_action_flag_choices"),
]


def content_types_moved(from_app, to_app, models):
    """The operation moving the content types of `models` (model names, lowercase) from the app
    label `from_app` to `to_app`; migrating backwards moves them back."""
    models = tuple(models)

    def forward(apps, schema_editor):
        move_content_types(apps, schema_editor.connection.alias, from_app, to_app, models)

    def backward(apps, schema_editor):
        move_content_types(apps, schema_editor.connection.alias, to_app, from_app, models)

    return migrations.RunPython(forward, backward, elidable=False)


def move_content_types(apps, using, from_app, to_app, models):
    """Rename each model's content type from `from_app` to `to_app`, in place (see the module)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.db_manager(using)
    for model in models:
        moving = types.filter(app_label=from_app, model=model).first()
        if moving is None:
            continue  # a database that never had it: Django makes it under the new label
        made = types.filter(app_label=to_app, model=model).first()
        if made is not None:
            fold(apps, using, made, into=moving)
        moving.app_label = to_app
        moving.save(update_fields=["app_label"])
    types.clear_cache()


def fold(apps, using, duplicate, into):
    """Move what points at the content type `duplicate` onto `into`, then delete `duplicate`."""
    Permission = apps.get_model("auth", "Permission")
    existing = {p.codename: p for p in Permission.objects.using(using).filter(content_type=into)}
    for permission in Permission.objects.using(using).filter(content_type=duplicate):
        if permission.codename in existing:
            move_holders(apps, using, permission, existing[permission.codename])
            permission.delete()
        else:
            permission.content_type = into
            permission.save(update_fields=["content_type"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType and model is not Permission:
                model._base_manager.using(using).filter(**{field.name: duplicate}).update(
                    **{field.name: into}
                )
    duplicate.delete()


def move_holders(apps, using, permission, onto):
    """Give `onto` to every group and user holding `permission` (many-to-many rows to it)."""
    Permission = apps.get_model("auth", "Permission")
    for model in apps.get_models():
        for field in model._meta.many_to_many:
            if field.related_model is not Permission:
                continue
            through = field.remote_field.through
            owner = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            rows = through._base_manager.using(using)
            holders = rows.filter(**{target: permission}).values_list(f"{owner}_id", flat=True)
            having = set(rows.filter(**{target: onto}).values_list(f"{owner}_id", flat=True))
            rows.bulk_create(
                [
                    through(**{f"{owner}_id": holder, target: onto})
                    for holder in holders
                    if holder not in having
                ]
            )
            rows.filter(**{target: permission}).delete()

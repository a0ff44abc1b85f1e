"""What holds for models that moved from one app to another with their tables (`soompi.model_moves`).

    MOVE = MovedModels("articles", "comments", {Comment: "articles_comment", ...}, "_comments_moved")

The tables keep their names and their rows; each model's content type is the same row, by id, with
the new app label, so permissions, the groups and users holding them and the admin's log entries stay
attached; the admin pages of the old app's address answer 301 to the new one; and migrating back to
before the move and forward again keeps all of it.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@dataclass(frozen=True)
class MovedModels:
    from_app: str
    to_app: str
    tables: dict  # each moved model: the table it keeps
    migration: str  # how the name of `from_app`'s migration that let them go ends ("_comments_moved")

    def assert_tables_kept(self, constraints=None):
        """Each model still uses its table, which is there; `constraints` maps a table to names of
        constraints and indexes it still has."""
        tables = connection.introspection.table_names()
        for model, table in self.tables.items():
            assert model._meta.db_table == table and table in tables
            assert model._meta.app_label == self.to_app
        for table, names in (constraints or {}).items():
            with connection.cursor() as cursor:
                assert set(names) <= set(connection.introspection.get_constraints(cursor, table))

    def assert_content_types_moved(self):
        """Each model's content type is under the new app label; none is left under the old one."""
        for model in self.tables:
            content_type = ContentType.objects.get_for_model(model)
            assert (content_type.app_label, content_type.model) == (self.to_app, model._meta.model_name)
        names = [model._meta.model_name for model in self.tables]
        assert not ContentType.objects.filter(app_label=self.from_app, model__in=names).exists()

    def assert_old_admin_page_redirects(self, client, model, pk):
        """The old address of a row's admin page answers 301 to the new one, query kept, which opens."""
        name = model._meta.model_name
        response = client.get(f"/admin/{self.from_app}/{name}/{pk}/change/?_changelist_filters=x")
        assert response.status_code == 301
        assert response["Location"] == f"/admin/{self.to_app}/{name}/{pk}/change/?_changelist_filters=x"
        assert client.get(response["Location"]).status_code == 200

    @contextmanager
    def migrated_back(self):
        """Within the block the database is as it was just before the move: the move's migrations
        (and those depending on them) are undone, the ones before it stay applied. Afterwards every
        app is migrated forward again. Needs a transactional test (`django_db(transaction=True)`)."""
        loader = MigrationExecutor(connection).loader
        leaves = loader.graph.leaf_nodes()
        (moved,) = [
            key
            for key in loader.disk_migrations
            if key[0] == self.from_app and key[1].endswith(self.migration)
        ]
        (before,) = [
            node.key for node in loader.graph.node_map[moved].parents if node.key[0] == self.from_app
        ]
        try:
            MigrationExecutor(connection).migrate([before, (self.to_app, None)])
            ContentType.objects.clear_cache()
            yield
        finally:
            MigrationExecutor(connection).migrate(leaves)
            ContentType.objects.clear_cache()

    def table_rows(self, model):
        """The rows in `model`'s table, read with SQL (the model may not be in Django's state)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(self.tables[model])}")  # noqa: S608
            return cursor.fetchone()[0]

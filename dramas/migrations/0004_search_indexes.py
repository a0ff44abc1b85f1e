"""Search indexes on PostgreSQL (articles.full_text): pg_trgm, each name's text-search document as
an expression GIN index, and trigram GIN indexes on the names for typos and Hangul substrings.

The documents are written as `articles.full_text` compiles them (`drama_document`,
`actor_document`, `role_document`), so the planner can use them; tests/articles/test_full_text.py
checks it with EXPLAIN. Other databases (SQLite) have none of this: this migration does nothing there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def document(*columns):
    parts = [f"to_tsvector('english'::regconfig, COALESCE({column}, ''))" for column in columns]
    return f"({' || '.join(parts)})" if len(parts) > 1 else parts[0]


INDEXES = {
    "dramas_drama_search": ("dramas_drama", f"USING gin ({document('title', 'native_title')})"),
    "dramas_drama_title_trgm": ("dramas_drama", "USING gin (title gin_trgm_ops)"),
    "dramas_drama_native_title_trgm": ("dramas_drama", "USING gin (native_title gin_trgm_ops)"),
    "dramas_actor_search": ("dramas_actor", f"USING gin ({document('name', 'native_name')})"),
    "dramas_actor_name_trgm": ("dramas_actor", "USING gin (name gin_trgm_ops)"),
    "dramas_actor_native_name_trgm": ("dramas_actor", "USING gin (native_name gin_trgm_ops)"),
    "dramas_role_search": ("dramas_role", f"USING gin ({document('character')})"),
    "dramas_role_character_trgm": ("dramas_role", "USING gin (character gin_trgm_ops)"),
}


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


CREATE = [f"CREATE INDEX {name} ON {table} {how}" for name, (table, how) in INDEXES.items()]
DROP = [f"DROP INDEX IF EXISTS {name}" for name in INDEXES]


class Migration(migrations.Migration):
    dependencies = [("dramas", "0003_watch_link_health")]

    operations = [
        TrigramExtension(),  # does nothing on databases other than PostgreSQL
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]

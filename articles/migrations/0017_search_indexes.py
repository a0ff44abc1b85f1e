"""Search indexes on PostgreSQL (articles.full_text): the weighted text-search documents of
listicles and entries as expression GIN indexes, written as `listicle_document` and
`entry_document` compile them so the planner can use them (tests/articles/test_full_text.py
checks it with EXPLAIN). Other databases (SQLite) have none: this migration does nothing there.
"""

from django.db import migrations


def weighted(column, weight):
    return f"setweight(to_tsvector('english'::regconfig, COALESCE({column}, '')), '{weight}')"


LISTICLE = f"(({weighted('title', 'A')} || {weighted('dek', 'B')}) || {weighted('intro', 'C')})"
ENTRY = f"(({weighted('heading', 'B')} || {weighted('quote', 'C')}) || {weighted('body', 'D')})"

CREATE = [
    f"CREATE INDEX articles_listicle_search ON articles_listicle USING gin ({LISTICLE})",
    f"CREATE INDEX articles_entry_search ON articles_entry USING gin ({ENTRY})",
]
DROP = ["DROP INDEX IF EXISTS articles_listicle_search", "DROP INDEX IF EXISTS articles_entry_search"]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_comments_moved"),
        ("dramas", "0004_search_indexes"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]

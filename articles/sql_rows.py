"""Rows of SQL written out by hand, converted as the ORM converts them.

Where building a query through the ORM costs several times what running it does, on every cold
render, the query is written out in SQL once per shape (`functools.lru_cache`; table and column
names from the models' `_meta`, values only through `%s`) and its rows come back here: each value
goes through the same converters the ORM applies to that model field on this database (SQLite's
text datetimes made aware, its 0/1 made booleans), so the rows are what `values()` gives.
"""

import weakref

# {connection: {fields: converters}}: what the fields need on each connection never changes.
_found = weakref.WeakKeyDictionary()


def converters(fields, connection):
    """{place in the row: (converters, column)} for model `fields` at those places, on
    `connection`; places without a converter are left out. Found once per connection and fields."""
    fields = tuple(fields)
    kept = _found.setdefault(connection, {})
    if fields not in kept:
        kept[fields] = _converters(fields, connection)
    return kept[fields]


def _converters(fields, connection):
    found = {}
    for place, field in enumerate(fields):
        if field is None:
            continue
        column = field.get_col(field.model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            found[place] = (functions, column)
    return found


def converted(rows, found, connection):
    """`rows` (tuples) as lists with `found` converters (`converters`) applied."""
    out = []
    for row in rows:
        row = list(row)
        for place, (functions, column) in found.items():
            for function in functions:
                row[place] = function(row[place], column, connection)
        out.append(row)
    return out

"""On PostgreSQL a query a connection runs again and again is planned once (psycopg 3's prepared
statements, `DATABASE_PREPARED_STATEMENTS`): the reader's private `me` query is among them."""

import pytest
from django.db import connection

from tests import factories
from tests.reader_posts import me

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_the_readers_own_rows_query_is_prepared_after_a_few_page_views(client):
    listicle = factories.PublishedListicleFactory()
    client.force_login(factories.reader_account("Prepared reader", username="prepared"))

    for _ in range(6):
        me(client, listicle)

    own_rows = [statement for statement in prepared() if "UNION ALL" in statement]
    assert len(own_rows) == 1
    assert "$1" in own_rows[0]  # its values are bound by the server, not written into the text

"""A page of an article's threads as every reader sees it, in SQL written once per sort order.

`comments.read_page` builds a page of threads for a reader through the ORM: two queries with
subqueries for names and like counts and window functions, whose building and compiling cost
twice what running them does on a cold render. What every reader sees (published comments only,
nothing of anyone's own) is the same two queries written out here (`articles.sql_rows`), built
once per sort order and page size. `tests/comments/test_thread_pages.py` holds their rows to the
ORM's for every shape of discussion (deleted comments kept above their answers, hidden and
pending ones, replies to replies, deleted accounts, likes, every sort and page).
"""

from functools import lru_cache

from django.contrib.auth import get_user_model
from django.db import connections, router

from accounts.models import ReaderProfile
from articles.sql_rows import converted, converters

from .models import Comment, CommentLike, CommentStatus

ROW_FIELDS = (
    "id",
    "listicle_id",
    "user_id",
    "parent_id",
    "thread_id",
    "body",
    "spoiler",
    "status",
    "created",
    "edited",
    "deleted",
)  # fmt: skip  (comments.ROW_FIELDS)
ORDER = {
    "oldest": "c.created ASC, c.id ASC",
    "newest": "c.created DESC, c.id DESC",
    "top": "like_total DESC, c.created ASC, c.id ASC",
}  # comments.SORTS


def page_rows(listicle_id, sort, offset, per_page):
    """The values of a page of `listicle_id`'s threads as every reader sees them, in `sort`
    order, with `roots_total` (the threads) and `comments_total` (the published comments)."""
    database = router.db_for_read(Comment)
    connection = connections[database]
    published = CommentStatus.PUBLISHED
    params = [published, listicle_id, listicle_id, published, published, per_page, offset]
    return _rows(connection, _threads_sql(sort), params, ("roots_total", "comments_total"))


def reply_rows(thread_ids, shown):
    """The values of the first `shown` replies (at least one) of each of `thread_ids` that every
    reader sees, oldest first, with `in_thread` (how many they see in all) and `place`."""
    connection = connections[router.db_for_read(Comment)]
    published = CommentStatus.PUBLISHED
    ids = sorted(thread_ids)
    ids += ids[-1:] * (_padded(len(ids)) - len(ids))  # one query shape for any page
    params = [published, published, *ids, max(shown, 1)]
    return _rows(connection, _replies_sql(len(ids)), params, ("in_thread", "place"))


def _padded(count):
    size = 8
    while size < count:
        size *= 2
    return size


def _rows(connection, sql, params, extra):
    fields = [Comment._meta.get_field(name.removesuffix("_id")) for name in ROW_FIELDS]
    names = (*ROW_FIELDS, "like_total", "author_name", "parent_name", *extra)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    rows = converted(rows, converters(fields, connection), connection)
    return [{**dict(zip(names, row, strict=True)), "liked": False, "flagged": False} for row in rows]


def _tables():
    user = get_user_model()
    return {
        "comment": Comment._meta.db_table,
        "like": CommentLike._meta.db_table,
        "user": user._meta.db_table,
        "profile": ReaderProfile._meta.db_table,
        "name": ReaderProfile._meta.get_field("display_name").column,
        "username": user._meta.get_field(user.USERNAME_FIELD).column,
    }


def _row_sql(tables):
    """The columns of a comment row and their joins: the author's and the parent's author's
    public name (display name, else username), the like count."""
    columns = ", ".join(f"c.{name}" for name in ROW_FIELDS)
    t = tables
    select = (
        f"{columns}, (SELECT COUNT(*) FROM {t['like']} k WHERE k.comment_id = c.id) AS like_total,"  # noqa: S608
        f" COALESCE(ap.{t['name']}, au.{t['username']}) AS author_name,"
        f" COALESCE(pp.{t['name']}, pu.{t['username']}) AS parent_name"
    )
    joins = (
        f" FROM {t['comment']} c"
        f" LEFT OUTER JOIN {t['user']} au ON au.id = c.user_id"
        f" LEFT OUTER JOIN {t['profile']} ap ON ap.user_id = au.id"
        f" LEFT OUTER JOIN {t['comment']} p ON p.id = c.parent_id"
        f" LEFT OUTER JOIN {t['user']} pu ON pu.id = p.user_id"
        f" LEFT OUTER JOIN {t['profile']} pp ON pp.user_id = pu.id"
    )
    return select, joins


@lru_cache(maxsize=8)
def _threads_sql(sort):
    """Published threads (a deleted one while it has published replies), a page of them; params:
    published, listicle id (the count, then the threads), published twice, limit, offset."""
    tables = _tables()
    select, joins = _row_sql(tables)
    comment = tables["comment"]
    # Table and column names come from the models: only %s carries a value.
    return (
        f"SELECT {select}, COUNT(c.id) OVER () AS roots_total,"  # noqa: S608
        f" (SELECT COUNT(*) FROM {comment} s WHERE s.deleted IS NULL AND s.status = %s"
        " AND s.listicle_id = %s) AS comments_total"
        f"{joins}"
        " WHERE c.listicle_id = %s AND c.status = %s AND c.thread_id IS NULL AND (c.deleted IS NULL"
        f" OR EXISTS (SELECT 1 FROM {comment} a WHERE a.thread_id = c.id AND a.status = %s))"
        f" ORDER BY {ORDER[sort]} LIMIT %s OFFSET %s"
    )


@lru_cache(maxsize=8)
def _replies_sql(threads):
    """Published replies of `threads` thread ids (a deleted one while it has published answers),
    ranked per thread; params: published twice, the thread ids, how many per thread."""
    tables = _tables()
    select, joins = _row_sql(tables)
    comment = tables["comment"]
    ids = ", ".join(["%s"] * threads)
    return (
        f"SELECT * FROM (SELECT {select},"  # noqa: S608
        " COUNT(c.id) OVER (PARTITION BY c.thread_id) AS in_thread,"
        " ROW_NUMBER() OVER (PARTITION BY c.thread_id ORDER BY c.created ASC, c.id ASC) AS place"
        f"{joins}"
        " WHERE c.status = %s AND (c.deleted IS NULL"
        f" OR EXISTS (SELECT 1 FROM {comment} a WHERE a.parent_id = c.id AND a.status = %s))"
        f" AND c.thread_id IN ({ids})) ranked"
        " WHERE place <= %s ORDER BY created ASC, id ASC"
    )

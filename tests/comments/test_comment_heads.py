"""A comment's head written out in Python (`comment_html.head_html`) is byte for byte what
`comments_item_head.html` renders, for every shape of head."""

from datetime import timedelta
from itertools import product

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from comments import html as comment_html
from comments.comments import CommentRow

BODIES = [
    "Plain words.",
    "Two\n\nparagraphs & <b>tags</b> \"quoted\" 'single' https://example.com/a?b=1&c=2 <script>",
    "",
]
NAMES = ["Mina", '<img src=x onerror="alert(1)">&amp;', None]


def row(**fields):
    created = timezone.now() - timedelta(hours=3)
    values = {
        "id": 41, "listicle_id": 1, "user_id": 2, "parent_id": None, "thread_id": None, "body": "Hi",
        "spoiler": False, "status": "published", "created": created, "edited": None, "deleted": None,
        "like_total": 0, "author_name": "Mina", "parent_name": None, "liked": False, "flagged": False,
    }  # fmt: skip
    values.update(fields)
    return CommentRow(values)


def template_head(comment):
    return render_to_string(comment_html.HEAD, {"comment": comment})


SHAPES = list(
    product(
        ["published", "pending"],
        [None, "deleted"],
        [False, True],
        [None, "edited"],
        [None, "reply", "reply to a reply"],
        range(len(BODIES)),
        range(len(NAMES)),
    )
)


@pytest.mark.parametrize(("status", "deleted", "spoiler", "edited", "reply", "body", "name"), SHAPES)
def test_the_python_head_is_the_templates(status, deleted, spoiler, edited, reply, body, name):
    now = timezone.now()
    fields = {
        "status": status,
        "deleted": now if deleted else None,
        "spoiler": spoiler,
        "edited": now - timedelta(minutes=5) if edited else None,
        "body": BODIES[body],
        "author_name": NAMES[name],
    }
    if reply:
        fields |= {
            "thread_id": 7,
            "parent_id": 7 if reply == "reply" else 9,
            "parent_name": NAMES[(name + 1) % 3],
        }
    comment = row(**fields)
    assert comment_html.head_html(comment) == template_head(comment)


def test_a_model_comment_head_is_the_templates_too(db):
    from tests import factories

    comment = factories.CommentFactory(body="A <model> comment", spoiler=True)
    assert comment_html.head_html(comment) == template_head(comment)

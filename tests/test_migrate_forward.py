"""The migrate-forward check (scripts/migrate_forward.py) reports what a migration lost.

The check itself runs in CI on PostgreSQL (`make migrate-check`); here its comparison is shown to
catch each kind of loss, so a green run means something.
"""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "migrate_forward.py"
spec = importlib.util.spec_from_file_location("migrate_forward", SCRIPT)
migrate_forward = importlib.util.module_from_spec(spec)
spec.loader.exec_module(migrate_forward)

BEFORE = {
    "tables": {"articles_comment": 25, "articles_reaction": 26},
    "groups": {"Editors": ["comment.moderate_comment", "listicle.publish_listicle"]},
    "users": {"reader0": ["comment.moderate_comment"]},
    "stale_content_types": [],
    "log": [{"model": "listicle", "object_id": "1", "exists": True, "admin_url": "/admin/x/1/change/"}],
}
NO_BAD_PAGES = {"checked": 3, "bad": {}}


def after(**changes):
    return {**BEFORE, **changes}


def test_the_same_data_after_migrating_is_no_problem():
    assert migrate_forward.compare(BEFORE, after(), NO_BAD_PAGES) == []


def test_each_kind_of_loss_is_reported():
    lost = after(
        tables={"articles_comment": 24},
        groups={"Editors": ["listicle.publish_listicle"]},
        users={"reader0": []},
        stale_content_types=["articles.comment"],
        log=[{**BEFORE["log"][0], "exists": False}],
    )
    problems = migrate_forward.compare(BEFORE, lost, {"checked": 3, "bad": {"/admin/x/1/change/": 404}})
    assert problems == [
        "table articles_comment had 25 rows, now 24",
        "table articles_reaction (26 rows) is gone",
        "group 'Editors' lost permissions ['comment.moderate_comment']",
        "user 'reader0' lost permissions ['comment.moderate_comment']",
        "content types of no model remain: ['articles.comment']",
        "admin log entries whose object is not found: "
        "[{'model': 'listicle', 'object_id': '1', 'exists': False, 'admin_url': '/admin/x/1/change/'}]",
        "admin page /admin/x/1/change/ answers 404",
    ]

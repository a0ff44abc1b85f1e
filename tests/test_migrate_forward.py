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
    "content_types": {
        "7": {"table": "articles_comment", "label": "articles.comment", "model": True},
        "9": {"table": "articles_reaction", "label": "articles.reaction", "model": True},
    },
    "groups": {"Editors": ["articles_comment.moderate_comment", "articles_listicle.publish_listicle"]},
    "users": {"reader0": ["articles_comment.moderate_comment"]},
    "stale_content_types": [],
    "log": [
        {
            "id": 1,
            "table": "articles_reaction",
            "object_id": "1",
            "exists": True,
            "admin_url": "/admin/articles/reaction/1/change/",
        }
    ],
}
NO_BAD_PAGES = {"checked": 3, "bad": {}}


def after(**changes):
    return {**BEFORE, **changes}


def test_the_same_data_after_migrating_is_no_problem():
    assert migrate_forward.compare(BEFORE, after(), NO_BAD_PAGES) == []


def test_a_model_moved_to_another_app_with_its_table_and_content_type_is_no_problem():
    moved = after(
        content_types={
            **BEFORE["content_types"],
            "9": {"table": "articles_reaction", "label": "reactions.reaction", "model": True},
        },
        log=[{**BEFORE["log"][0], "admin_url": "/admin/reactions/reaction/1/change/"}],
    )
    assert migrate_forward.compare(BEFORE, moved, NO_BAD_PAGES) == []
    assert migrate_forward.moved_labels(BEFORE, moved) == ["articles.reaction -> reactions.reaction"]


def test_each_kind_of_loss_is_reported():
    lost = after(
        tables={"articles_comment": 24},
        content_types={"7": BEFORE["content_types"]["7"]},
        groups={"Editors": ["articles_listicle.publish_listicle"]},
        users={"reader0": []},
        stale_content_types=["articles.comment"],
        log=[{**BEFORE["log"][0], "exists": False}],
    )
    problems = migrate_forward.compare(BEFORE, lost, {"checked": 3, "bad": {"/admin/x/1/change/": 404}})
    assert problems == [
        "table articles_comment had 25 rows, now 24",
        "table articles_reaction (26 rows) is gone",
        "content type 9 (articles.reaction, table articles_reaction) is gone",
        "group 'Editors' lost permissions ['articles_comment.moderate_comment']",
        "user 'reader0' lost permissions ['articles_comment.moderate_comment']",
        "content types of no model remain: ['articles.comment']",
        "admin log entry 1: articles_reaction 1 is not found",
        "admin page /admin/x/1/change/ answers 404",
    ]


def test_a_content_type_made_again_instead_of_moved_is_reported_with_what_pointed_at_it():
    """A moved model whose content type was deleted and made again under the new label loses, by
    cascade, the log entries and permissions that pointed at the old row."""
    remade = after(
        content_types={
            "7": BEFORE["content_types"]["7"],
            "12": {"table": "articles_reaction", "label": "reactions.reaction", "model": True},
        },
        log=[],
    )
    assert migrate_forward.compare(BEFORE, remade, NO_BAD_PAGES) == [
        "content type 9 (articles.reaction, table articles_reaction) is gone",
        "admin log entry 1 (articles_reaction 1) is gone",
    ]


def test_a_log_entry_left_pointing_at_another_model_is_reported():
    elsewhere = after(log=[{**BEFORE["log"][0], "table": "articles_comment"}])
    assert migrate_forward.compare(BEFORE, elsewhere, NO_BAD_PAGES) == [
        "admin log entry 1 was about articles_reaction 1, now articles_comment 1"
    ]


def test_a_moved_model_whose_content_type_kept_its_old_label_is_reported():
    before = after(
        content_types={"4": {"table": "articles_revision", "label": "articles.revision", "model": True}}
    )
    moved = after(
        content_types={"4": {"table": "articles_revision", "label": "newsroom.revision", "model": True}}
    )
    stayed = after(
        content_types={"4": {"table": "articles_revision", "label": "articles.revision", "model": True}}
    )
    assert migrate_forward.unmoved(before, moved) == []
    assert migrate_forward.unmoved(before, stayed) == [
        "content type 4 (articles.revision) is articles.revision, not newsroom.revision"
    ]


def test_every_run_has_a_database_of_its_own():
    assert migrate_forward.DATABASE.startswith("soompi_migrate_forward_")
    assert migrate_forward.database_url("postgres://u@db:5432/soompi").endswith(
        f"/{migrate_forward.DATABASE}"
    )

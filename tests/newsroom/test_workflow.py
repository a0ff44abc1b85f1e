"""The publishing workflow: transition table, permissions, scheduling and the audit trail."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles.models import Listicle, Status
from newsroom import workflow
from newsroom.models import Transition
from newsroom.workflow import TransitionRefused, available_transitions, can_transition, transition
from tests import factories

pytestmark = pytest.mark.django_db

EVERY_PAIR = list(itertools.permutations(Status.values, 2))


def ready_listicle(**kwargs):
    """A listicle that passes every editorial check."""
    listicle = factories.ListicleFactory(**kwargs)
    factories.EntryFactory(listicle=listicle)
    return listicle


# The newsroom's workflow as the editors described it: from each status, where an article can go.
NEWSROOM = {
    "draft": {"review", "published"},
    "review": {"draft", "published"},
    "published": {"draft", "archived"},
    "archived": {"draft"},
}

# The buttons on the change page: what an editor and a writer (on their own article) see per status.
# Withdrawing is the writer's own; rescheduling is for an article whose time is still ahead.
EDITOR_BUTTONS = {
    "draft": ["Submit for review", "Publish now", "Schedule"],
    "review": ["Send back to the writer", "Publish now", "Schedule"],
    "published": ["Unpublish", "Archive"],
    "archived": ["Restore to draft"],
}
WRITER_BUTTONS = {
    "draft": ["Submit for review"],
    "review": ["Withdraw from review"],
    "published": [],
    "archived": [],
}


@pytest.mark.parametrize("status", Status.values)
def test_the_buttons_each_role_is_offered(editor, writer, status):
    own = ready_listicle(status=status, created_by=writer)
    if status == Status.PUBLISHED:
        own.publish_at = timezone.now() - timedelta(hours=1)
    labels = {
        who: [move.label for move in workflow.available_moves(own, user)]
        for who, user in (("editor", editor), ("writer", writer))
    }
    assert sorted(labels["editor"]) == sorted(EDITOR_BUTTONS[status])
    assert labels["writer"] == WRITER_BUTTONS[status]


def test_a_scheduled_article_offers_publishing_now(editor):
    scheduled = ready_listicle(status=Status.PUBLISHED)
    scheduled.publish_at = timezone.now() + timedelta(days=1)
    labels = [move.label for move in workflow.available_moves(scheduled, editor)]
    assert sorted(labels) == ["Archive", "Publish now", "Reschedule", "Unpublish"]


@pytest.mark.parametrize(("source", "to"), EVERY_PAIR)
def test_editor_can_make_exactly_the_allowed_transitions(editor, source, to):
    listicle = ready_listicle(status=source)
    allowed = to in NEWSROOM[source]

    assert can_transition(listicle, to, editor) is allowed
    if allowed:
        transition(listicle, to=to, by=editor, note="Needs a stronger intro.")
        listicle.refresh_from_db()
        assert listicle.status == to
    else:
        with pytest.raises(TransitionRefused, match="cannot move to"):
            transition(listicle, to=to, by=editor, note="Needs a stronger intro.")
        listicle.refresh_from_db()
        assert listicle.status == source
        assert not Transition.objects.exists()


@pytest.mark.parametrize("status", Status.values)
def test_available_transitions_follow_the_table_for_editors(editor, status):
    listicle = ready_listicle(status=status)
    assert set(available_transitions(listicle, editor)) == NEWSROOM[status]


def test_writer_can_only_submit_their_own_draft(writer):
    own = ready_listicle(created_by=writer)
    assert available_transitions(own, writer) == [Status.REVIEW]

    transition(own, to=Status.REVIEW, by=writer)

    own.refresh_from_db()
    assert own.status == Status.REVIEW
    assert available_transitions(own, writer) == [Status.DRAFT]  # withdrawing it, nothing else


def test_a_draft_under_the_writers_byline_counts_as_their_own(writer):
    bylined = ready_listicle(author=writer.author)
    assert can_transition(bylined, Status.REVIEW, writer)


def test_writer_cannot_submit_someone_elses_draft(writer):
    other = ready_listicle()
    with pytest.raises(TransitionRefused, match="only submit their own drafts for review, and “Listicle"):
        transition(other, to=Status.REVIEW, by=writer)
    other.refresh_from_db()
    assert other.status == Status.DRAFT


@pytest.mark.parametrize(
    ("source", "to", "message"),
    [
        (Status.DRAFT, Status.PUBLISHED, "Only editors can publish “"),
        (Status.REVIEW, Status.PUBLISHED, "Only editors can publish “"),
        (Status.PUBLISHED, Status.DRAFT, "Only editors can unpublish “"),
        (Status.PUBLISHED, Status.ARCHIVED, "Only editors can archive “"),
        (Status.ARCHIVED, Status.DRAFT, "Only editors can restore to draft “"),
    ],
)
def test_writer_is_refused_every_editor_transition_even_on_their_own_listicle(writer, source, to, message):
    own = ready_listicle(created_by=writer, status=source)
    with pytest.raises(TransitionRefused, match=message):
        transition(own, to=to, by=writer, note="A note.")
    own.refresh_from_db()
    assert own.status == source
    assert not Transition.objects.exists()


def test_a_reader_is_told_who_may_submit(reader):
    listicle = ready_listicle(created_by=reader)
    with pytest.raises(TransitionRefused, match="Only writers and editors can submit for review “Listicle"):
        transition(listicle, to=Status.REVIEW, by=reader)


@pytest.mark.parametrize("to", [Status.REVIEW, Status.PUBLISHED])
def test_readers_and_anonymous_visitors_cannot_move_anything(reader, to):
    listicle = ready_listicle(created_by=reader)
    for user in (reader, AnonymousUser()):
        assert not can_transition(listicle, to, user)
        with pytest.raises(TransitionRefused):
            transition(listicle, to=to, by=user)


def test_superuser_counts_as_an_editor():
    boss = factories.UserFactory(is_staff=True, is_superuser=True)
    listicle = ready_listicle()
    transition(listicle, to=Status.PUBLISHED, by=boss)
    assert listicle.status == Status.PUBLISHED


def test_inactive_editor_can_do_nothing(editor):
    editor.is_active = False
    editor.save()
    assert available_transitions(ready_listicle(), editor) == []


def test_every_transition_is_recorded_with_who_when_and_note(editor, writer):
    listicle = ready_listicle(created_by=writer)
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        transition(listicle, to=Status.REVIEW, by=writer, note="  Ready when you are.  ")
        transition(listicle, to=Status.DRAFT, by=editor, note="Entry 3 needs a clip.")

    rows = list(listicle.transitions.order_by("id").values("from_status", "to_status", "by", "at", "note"))
    assert rows == [
        {
            "from_status": "draft",
            "to_status": "review",
            "by": writer.pk,
            "at": moment,
            "note": "Ready when you are.",
        },
        {
            "from_status": "review",
            "to_status": "draft",
            "by": editor.pk,
            "at": moment,
            "note": "Entry 3 needs a clip.",
        },
    ]


def test_sending_back_requires_a_note(editor):
    listicle = ready_listicle(status=Status.REVIEW)
    for note in ("", "   \n"):
        with pytest.raises(TransitionRefused, match="Write a note"):
            transition(listicle, to=Status.DRAFT, by=editor, note=note)
    listicle.refresh_from_db()
    assert listicle.status == Status.REVIEW
    assert not Transition.objects.exists()


def test_publishing_now_sets_publish_at_and_first_published_at(editor):
    listicle = ready_listicle(status=Status.REVIEW)
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        record = transition(listicle, to=Status.PUBLISHED, by=editor)

    listicle.refresh_from_db()
    assert listicle.publish_at == moment
    assert listicle.first_published_at == moment
    assert listicle.is_live
    assert record.publish_at == moment


def test_first_published_at_is_set_once_and_kept_when_republished(editor):
    listicle = ready_listicle()
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        transition(listicle, to=Status.PUBLISHED, by=editor)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        transition(listicle, to=Status.DRAFT, by=editor)
        transition(listicle, to=Status.PUBLISHED, by=editor)

    listicle.refresh_from_db()
    assert listicle.first_published_at == start
    assert listicle.publish_at == start + timedelta(days=1)


def test_publishing_with_a_future_time_schedules_it(editor):
    listicle = ready_listicle()
    when = timezone.now() + timedelta(days=2)

    record = transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=when)

    listicle.refresh_from_db()
    assert listicle.status == Status.PUBLISHED
    assert listicle.is_scheduled and not listicle.is_live
    assert listicle.publish_at == when
    assert record.publish_at == when
    assert not Listicle.objects.published().exists()


def test_unpublishing_a_scheduled_listicle_before_its_time_forgets_first_publication(editor):
    listicle = ready_listicle()
    transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=timezone.now() + timedelta(days=2))
    transition(listicle, to=Status.DRAFT, by=editor)
    listicle.refresh_from_db()
    assert listicle.first_published_at is None


def test_a_scheduled_listicle_that_went_live_keeps_its_first_publication(editor):
    listicle = ready_listicle()
    when = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=when)
    with time_machine.travel(when + timedelta(hours=1)):
        transition(listicle, to=Status.ARCHIVED, by=editor)
    listicle.refresh_from_db()
    assert listicle.first_published_at == when


def test_only_publishing_takes_a_time(editor):
    listicle = ready_listicle()
    with pytest.raises(TransitionRefused, match="Only publishing takes"):
        transition(listicle, to=Status.REVIEW, by=editor, publish_at=timezone.now())


def test_publishing_is_refused_with_the_editorial_problems_and_changes_nothing(editor):
    listicle = factories.ListicleFactory(title="12 Most Memorable Confessions", author=None)

    with pytest.raises(TransitionRefused) as refused:
        transition(listicle, to=Status.PUBLISHED, by=editor)

    assert "cannot be published yet" in str(refused.value)
    assert any("no author" in problem for problem in refused.value.problems)
    assert any("no entries" in problem for problem in refused.value.problems)
    listicle.refresh_from_db()
    assert (listicle.status, listicle.publish_at, listicle.first_published_at) == (Status.DRAFT, None, None)
    assert not Transition.objects.exists()


def test_a_writer_may_submit_a_draft_that_still_has_problems(writer):
    """The checks guard publication, not review: the editor sees the problems."""
    draft = factories.ListicleFactory(created_by=writer)
    transition(draft, to=Status.REVIEW, by=writer)
    assert draft.status == Status.REVIEW


def test_transition_decides_on_the_stored_status_not_the_callers_copy(editor):
    listicle = ready_listicle(status=Status.REVIEW)
    stale = Listicle.objects.get(pk=listicle.pk)
    transition(listicle, to=Status.PUBLISHED, by=editor)

    with pytest.raises(TransitionRefused, match="is published, so it cannot move to In review"):
        transition(stale, to=Status.REVIEW, by=editor)


def test_the_callers_instance_reflects_the_new_state(editor):
    listicle = ready_listicle()
    transition(listicle, to=Status.PUBLISHED, by=editor)
    assert listicle.status == Status.PUBLISHED
    assert listicle.publish_at is not None
    assert listicle.first_published_at == listicle.publish_at


def test_the_sites_operator_needs_no_permission_but_still_follows_the_rules():
    listicle = ready_listicle()
    record = transition(listicle, to=Status.PUBLISHED, by=None)
    assert record.by is None
    with pytest.raises(TransitionRefused):
        transition(factories.ListicleFactory(author=None), to=Status.PUBLISHED, by=None)


def test_can_edit_lets_writers_change_only_their_own_drafts(writer, editor):
    own = ready_listicle(created_by=writer)
    assert workflow.can_edit(own, writer)
    assert workflow.can_edit(own, editor)
    assert not workflow.can_edit(ready_listicle(), writer)
    for status in (Status.REVIEW, Status.PUBLISHED, Status.ARCHIVED):
        own.status = status
        assert not workflow.can_edit(own, writer)
        assert workflow.can_edit(own, editor)


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("when", ["past", "future", "none"])
def test_is_live_and_is_scheduled_agree_with_the_querysets(status, when):
    """The single-object twins state the same rule as published() and scheduled()."""
    offset = timedelta(hours=1)
    publish_at = {"past": timezone.now() - offset, "future": timezone.now() + offset, "none": None}[when]
    listicle = factories.ListicleFactory(status=status, publish_at=publish_at)

    expected = status == Status.PUBLISHED and when == "past"
    assert listicle.is_live is expected
    assert Listicle.objects.published().filter(pk=listicle.pk).exists() is expected
    expected_scheduled = status == Status.PUBLISHED and when == "future"
    assert listicle.is_scheduled is expected_scheduled
    assert Listicle.objects.scheduled().filter(pk=listicle.pk).exists() is expected_scheduled
    entries = factories.EntryFactory(listicle=listicle).drama.entries
    assert entries.published().exists() is expected


def test_published_without_a_time_is_not_live():
    listicle = factories.ListicleFactory(status=Status.PUBLISHED, publish_at=None)
    assert not listicle.is_live
    assert not Listicle.objects.published().exists()


def test_rescheduling_is_one_transition_with_one_audit_row(editor):
    listicle = ready_listicle()
    soon, later = timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=5)
    transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=soon)

    record = transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=later, note="Better on Friday.")

    listicle.refresh_from_db()
    assert (listicle.status, listicle.publish_at, listicle.first_published_at) == (
        Status.PUBLISHED,
        later,
        later,
    )
    assert (record.from_status, record.to_status, record.publish_at) == (
        Status.PUBLISHED,
        Status.PUBLISHED,
        later,
    )
    assert listicle.transitions.count() == 2


def test_rescheduling_a_live_listicle_keeps_its_first_publication(editor):
    listicle = ready_listicle()
    transition(listicle, to=Status.PUBLISHED, by=editor)
    first = listicle.first_published_at

    transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=timezone.now() + timedelta(days=1))

    listicle.refresh_from_db()
    assert listicle.is_scheduled
    assert listicle.first_published_at == first


def test_rescheduling_to_the_same_time_is_refused(editor):
    listicle = ready_listicle()
    when = timezone.now() + timedelta(days=1)
    transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=when)

    with pytest.raises(TransitionRefused, match="is already published for"):
        transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=when)
    assert listicle.transitions.count() == 1


def test_only_the_operator_may_skip_the_editorial_checks(editor):
    listicle = factories.ListicleFactory(author=None)
    with pytest.raises(TransitionRefused, match="Only the site's operator"):
        transition(listicle, to=Status.PUBLISHED, by=editor, skip_checks=True)
    listicle.refresh_from_db()
    assert listicle.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_skipping_the_checks_publishes_and_the_note_says_what_they_found():
    listicle = factories.ListicleFactory(author=None)

    record = transition(listicle, to=Status.PUBLISHED, by=None, note="Imported from file", skip_checks=True)

    assert listicle.is_live
    assert record.note.startswith(
        "Imported from file\nEditorial checks skipped. They found: There is no author"
    )
    assert "There are no entries yet" in record.note

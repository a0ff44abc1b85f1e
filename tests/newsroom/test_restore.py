"""Restoring a revision keeps what people made: readers' votes stay with their entries, and the
article as it stood before the restore is never lost."""

from collections import Counter

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.urls import reverse

from articles.models import Entry, EntryScene, Listicle
from newsroom import revisions
from newsroom.models import Draft, Revision
from reactions import polls
from reactions.models import Vote
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(title="Confession scenes", poll_question="Your favourite?")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    return listicle


def cast_votes(listicle, *entries):
    """One anonymous reader's vote for each entry given (an entry may be given several times)."""
    for number, entry in enumerate(entries):
        Vote.objects.create(listicle=listicle, entry=entry, reader=f"{number:032d}")


def votes_by_drama():
    return Counter(Vote.objects.values_list("entry__drama__title", flat=True))


def results(listicle):
    """The reader's pick as editors see it: (heading, votes) of the entries voted for, first place
    first, and the total."""
    listicle = Listicle.objects.get(pk=listicle.pk)
    poll = polls.poll(listicle, None, listicle.numbered(), public=True)
    return [
        (result.entry.display_heading, result.votes) for result in poll.results if result.votes
    ], poll.total


def admin_url(name, *args):
    return reverse(f"admin:articles_listicle_{name}", args=args)


def test_votes_survive_a_restore_with_their_counts_and_results_unchanged(article, editor):
    first, second, third = article.entries.all()
    kept = revisions.record(article, user=editor)
    # An entry is added at the top and the texts change; readers vote meanwhile.
    Entry.objects.filter(listicle=article).update(position=F("position") + 1)
    factories.full_entry(article, position=0)
    Entry.objects.filter(pk=third.pk).update(body="Rewritten")
    revisions.record(article, user=editor)
    cast_votes(article, first, second, second, third, third, third)
    before = results(article)

    revisions.restore(kept, user=editor)

    assert [entry.pk for entry in article.entries.all()] == [first.pk, second.pk, third.pk]
    assert Vote.objects.count() == 6
    assert results(article) == before
    assert Entry.objects.get(pk=third.pk).body == "Why this scene matters."


def test_a_restore_after_reordering_keeps_each_vote_on_its_entry(article, editor):
    first, second, third = article.entries.all()
    kept = revisions.record(article, user=editor)
    for position, entry in enumerate([third, first, second]):
        Entry.objects.filter(pk=entry.pk).update(position=position, quote=f"Moved to {position}")
    revisions.record(article, user=editor)
    cast_votes(article, first, third, third)
    before = votes_by_drama()

    revisions.restore(kept, user=editor)

    assert [entry.pk for entry in article.entries.all()] == [first.pk, second.pk, third.pk]
    assert votes_by_drama() == before
    assert {vote.entry_id for vote in Vote.objects.all()} == {first.pk, third.pk}
    assert Entry.objects.get(pk=first.pk).quote == "I like you."


def test_a_revision_kept_before_entry_ids_were_matches_entries_by_their_drama(article, editor):
    first, second, third = article.entries.all()
    kept = revisions.record(article, user=editor)
    Revision.objects.filter(pk=kept.pk).update(entry_ids=[])
    Entry.objects.filter(pk=first.pk).update(position=9)
    cast_votes(article, first, second)
    before = votes_by_drama()

    revisions.restore(Revision.objects.get(pk=kept.pk), user=editor)

    assert [entry.pk for entry in article.entries.all()] == [first.pk, second.pk, third.pk]
    assert votes_by_drama() == before


def test_each_entry_keeps_its_scenes_images_and_couple_through_a_reordering_restore(article, editor):
    first, second, third = article.entries.all()
    stored = default_storage.save("entries/hug.gif", ContentFile(b"GIF89a"))
    image = EntryScene.objects.create(
        entry=second, image=stored, image_alt="A hug", position=5, caption="Aww."
    )
    links = {
        entry.pk: list(entry.scene_links.values_list("pk", "scene_id", "image")) for entry in (first, second)
    }
    couples = {
        entry.pk: set(entry.featuring.values_list("pk", flat=True)) for entry in (first, second, third)
    }
    kept = revisions.record(article, user=editor)
    Entry.objects.filter(pk=first.pk).update(position=7)
    revisions.record(article, user=editor)

    revisions.restore(kept, user=editor)

    for entry in (first, second):
        assert list(entry.scene_links.values_list("pk", "scene_id", "image")) == links[entry.pk]
    for entry in (first, second, third):
        assert set(entry.featuring.values_list("pk", flat=True)) == couples[entry.pk]
    assert EntryScene.objects.get(pk=image.pk).entry_id == second.pk


def test_votes_for_an_entry_the_revision_does_not_have_go_with_it_and_the_counts_follow(article, editor):
    first, second, third = article.entries.all()
    kept = revisions.record(article, user=editor)
    added = factories.full_entry(article, position=5)
    revisions.record(article, user=editor)
    cast_votes(article, first, added, added)
    assert results(article)[1] == 3  # the kept counts are read once, then served until a change

    revisions.restore(kept, user=editor)

    assert not Entry.objects.filter(pk=added.pk).exists()
    assert list(Vote.objects.values_list("entry_id", flat=True)) == [first.pk]
    assert results(article)[1] == 1


def test_the_restore_page_warns_how_many_readers_votes_restoring_removes(client, editor, article):
    first = article.entries.first()
    kept = revisions.record(article, user=editor)
    added = factories.full_entry(article, position=5)
    revisions.record(article, user=editor)
    cast_votes(article, first, added, added)
    client.force_login(editor)

    response = client.get(admin_url("revisions_restore", article.pk, kept.pk))

    page = response.content.decode()
    assert f"does not have “{added.drama.title}”" in page
    assert "restoring it deletes that entry, and with it 2 readers’ votes in the reader’s pick" in page


def test_the_restore_page_does_not_warn_when_no_vote_is_lost(client, editor, article):
    first, second, third = article.entries.all()
    kept = revisions.record(article, user=editor)
    Entry.objects.filter(pk=first.pk).update(position=9)
    revisions.record(article, user=editor)
    cast_votes(article, first, second)
    client.force_login(editor)

    response = client.get(admin_url("revisions_restore", article.pk, kept.pk))

    assert response.status_code == 200
    assert "restore-removes-votes" not in response.content.decode()


# Nothing saved is lost


def test_a_restore_keeps_the_article_as_it_stood_when_no_revision_held_it(article, editor):
    kept = revisions.record(article, user=editor)
    Listicle.objects.filter(pk=article.pk).update(title="Saved outside the admin")

    revisions.restore(kept, user=editor)

    restored, before_restoring = article.revisions.order_by("-id")[:2]
    assert before_restoring.snapshot["title"] == "Saved outside the admin"
    assert before_restoring.summary == revisions.BEFORE_RESTORING
    assert (restored.summary, restored.snapshot["title"]) == ("Restored revision #1", "Confession scenes")


def test_a_restore_confirmed_after_somebody_saved_restores_nothing_and_shows_the_changes_again(
    client, editor, article
):
    kept = revisions.record(article, user=editor)
    Listicle.objects.filter(pk=article.pk).update(title="Second draft")
    revisions.record(article, user=editor)
    client.force_login(editor)
    page = client.get(admin_url("revisions_restore", article.pk, kept.pk))
    version = page.context["version"]
    # Somebody saves their work while the editor reads what restoring would change.
    listicle = Listicle.objects.get(pk=article.pk)
    listicle.title = "Third draft, typed meanwhile"
    listicle.save()
    revisions.record(listicle, user=factories.UserFactory(first_name="Alice", last_name="Kim"))

    response = client.post(admin_url("revisions_restore", article.pk, kept.pk), {"loaded_version": version})

    assert response.status_code == 409
    assert Listicle.objects.get(pk=article.pk).title == "Third draft, typed meanwhile"
    text = response.content.decode()
    assert "Alice Kim changed this article" in text and "nothing was restored yet" in text
    assert "Third draft, typed meanwhile" in text  # what restoring would change now
    again = client.post(
        admin_url("revisions_restore", article.pk, kept.pk), {"loaded_version": response.context["version"]}
    )
    assert again.status_code == 303
    # The article is live: the restored revision is its draft, readers keep the live version.
    assert Listicle.objects.get(pk=article.pk).title == "Third draft, typed meanwhile"
    assert Draft.objects.get(listicle=article).revision.snapshot["title"] == "Confession scenes"


def test_a_refused_restore_names_the_entry_in_the_editors_words_and_changes_nothing(client, editor, article):
    kept = revisions.record(article, user=editor)
    snapshot = kept.snapshot
    snapshot["entries"][1]["scenes"] = [{"image": "entries/deleted.gif", "alt": "Gone since"}]
    Revision.objects.filter(pk=kept.pk).update(snapshot=snapshot)
    Listicle.objects.filter(pk=article.pk).update(title="Work in progress")
    revisions.record(article, user=editor)
    count = article.revisions.count()
    client.force_login(editor)

    response = client.post(admin_url("revisions_restore", article.pk, kept.pk))

    assert response.status_code == 409
    text = response.content.decode()
    assert "Nothing was changed" in text
    assert "Entry 2 › scenes 1" not in text
    assert "Entry 2 › scene 1 › image: no uploaded image is stored as" in text
    assert Listicle.objects.get(pk=article.pk).title == "Work in progress"
    assert article.revisions.count() == count

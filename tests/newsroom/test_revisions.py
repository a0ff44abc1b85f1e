"""Revisions: every save keeps one, editors see what changed between two, and restore any of them."""

import pytest
from django.contrib import admin
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Entry, EntryScene, Listicle, Status
from dramas.models import Actor, Drama, Scene
from interchange.exporter import export_listicle
from interchange.problems import InterchangeError
from newsroom import comparison, revisions
from newsroom.admin.revisions import PartRevisionAdminMixin
from newsroom.models import Revision
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    listicle = factories.ListicleFactory(
        title="Confession scenes", intro="Sigh. What is a drama without one?"
    )
    for position in range(3):
        factories.full_entry(listicle, position=position)
    return listicle


def admin_url(name, *args):
    return reverse(f"admin:articles_listicle_{name}", args=args)


def reload(listicle):
    return Listicle.objects.get(pk=listicle.pk)


# Keeping revisions


def test_a_revision_is_the_listicle_in_the_export_format(article, editor):
    revision = revisions.record(article, user=editor, summary="Created")

    assert revision.snapshot == export_listicle(article)
    assert (revision.user, revision.summary) == (editor, "Created")


def test_recording_an_unchanged_listicle_keeps_no_duplicate(article, editor):
    first = revisions.record(article, user=editor)

    again = revisions.record(reload(article), user=editor)

    assert again == first
    assert article.revisions.count() == 1


def test_a_changed_entry_is_a_new_revision(article, editor):
    revisions.record(article, user=editor)
    Entry.objects.filter(listicle=article, position=1).update(quote="Whether you're a man or an alien")

    revisions.record(article, user=editor)

    assert article.revisions.count() == 2


def test_revisions_are_numbered_per_listicle_from_one(article, editor):
    factories.ListicleFactory().revisions.create(snapshot={}, user=editor)
    first = revisions.record(article, user=editor)
    Listicle.objects.filter(pk=article.pk).update(title="Another title")
    second = revisions.record(article, user=editor)

    assert (revisions.number(first), revisions.number(second)) == (1, 2)


def test_every_admin_save_keeps_a_revision_by_the_editor(client, editor, article):
    client.force_login(editor)
    page = client.get(admin_url("change", article.pk))

    response = client.post(
        admin_url("change", article.pk),
        form_values(page, title="12 Confessions", **{"entries-0-quote": "I like you"}),
    )

    assert response.status_code == 302
    revision = revisions.latest(article)
    assert revision.user == editor
    assert revision.snapshot["title"] == "12 Confessions"
    assert revision.snapshot["entries"][0]["quote"] == "I like you"
    assert "Title" in revision.summary


def test_a_listicle_added_in_the_admin_keeps_its_first_revision_with_its_entries(client, editor):
    drama = factories.DramaFactory(title="Goblin")
    client.force_login(editor)
    page = client.get(admin_url("add"))
    data = form_values(
        page,
        title="Goblin moments",
        slug="goblin-moments",
        **{"entries-TOTAL_FORMS": "1", "entries-0-drama": str(drama.pk), "entries-0-body": "The first snow."},
    )

    response = client.post(admin_url("add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    revision = Listicle.objects.get(slug="goblin-moments").revisions.get()
    assert revision.summary == "Created"
    assert [entry["drama"]["title"] for entry in revision.snapshot["entries"]] == ["Goblin"]


def test_the_first_admin_save_of_an_imported_listicle_keeps_it_as_it_was_first(client, editor, article):
    stored = export_listicle(article)
    client.force_login(editor)
    page = client.get(admin_url("change", article.pk))

    client.post(admin_url("change", article.pk), form_values(page, title="Edited in the admin"))

    starting_point, edited = article.revisions.order_by("id")
    assert starting_point.snapshot == stored
    assert (starting_point.user, starting_point.summary) == (None, revisions.STARTING_POINT)
    assert starting_point.created == article.updated
    assert (edited.user, edited.snapshot["title"]) == (editor, "Edited in the admin")


def test_saving_without_changes_keeps_no_new_revision(client, editor, article):
    client.force_login(editor)
    page = client.get(admin_url("change", article.pk))
    client.post(admin_url("change", article.pk), form_values(page, title="Changed once"))

    page = client.get(admin_url("change", article.pk))
    client.post(admin_url("change", article.pk), form_values(page))

    assert list(article.revisions.values_list("summary", flat=True)) == [
        "Changed Title.",
        revisions.STARTING_POINT,
    ]


# What changed


def test_diff_names_changed_fields_in_the_editors_words(article, editor):
    older = revisions.record(article, user=editor)
    Listicle.objects.filter(pk=article.pk).update(title="12 Confessions", allow_comments=False)
    newer = revisions.record(article, user=editor)

    changes = [str(change) for change in comparison.diff(older, newer)]

    assert changes == [
        "Title changed from “Confession scenes” to “12 Confessions”",
        "Allow comments changed from “Yes” to “No”",
    ]


def test_diff_reports_entries_added_removed_moved_and_changed(article, editor):
    factories.full_entry(article, position=3)
    first, second, third, fourth = article.entries.order_by("position")
    older = revisions.snapshot_of(article)
    Entry.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(position=F("position") + 10)
    Entry.objects.filter(pk=second.pk).update(quote="I love you")
    third.delete()
    added = factories.full_entry(article, position=99)

    changes = [str(change) for change in comparison.diff(older, revisions.snapshot_of(article))]

    assert changes == [
        f"Entry 1 · {fourth.drama.title} moved from position 4 to 1",
        f"Entry 3 · {second.drama.title}: quote changed from “I like you.” to “I love you”",
        f"Entry 4 · {added.drama.title} added",
        f"Entry 3 · {third.drama.title} removed",
    ]


def test_diff_reports_changes_to_an_entrys_scenes(article, editor):
    entry = article.entries.order_by("position").first()
    link = entry.scene_links.get()
    older = revisions.snapshot_of(article)
    EntryScene.objects.filter(pk=link.pk).update(caption="That was the sound of our hearts breaking.")
    extra = factories.EntrySceneFactory(entry=entry, position=link.position + 1)

    changes = [str(change) for change in comparison.diff(older, revisions.snapshot_of(article))]

    prefix = f"Entry 1 · {entry.drama.title} › scene"
    assert changes == [
        f"{prefix} “{link.scene.title}”: caption changed from “After the clip.” to "
        "“That was the sound of our hearts breaking.”",
        f"{prefix} “{extra.scene.title}” added",
    ]


def test_diff_compares_long_text_word_by_word(article, editor):
    intro = "What's a K-drama without the lethal confession scene? " * 4
    Listicle.objects.filter(pk=article.pk).update(intro=intro)
    older = revisions.snapshot_of(article)
    Listicle.objects.filter(pk=article.pk).update(intro=intro.replace("lethal", "unforgettable", 1))

    (change,) = comparison.diff(older, revisions.snapshot_of(article))

    assert str(change) == "Intro changed"
    assert ("delete", "lethal") in change.words
    assert ("insert", "unforgettable") in change.words


# Restoring


def test_restore_brings_back_entries_their_order_quotes_and_scenes_exactly(article, editor):
    kept = revisions.record(article, user=editor)
    first, second, third = article.entries.order_by("position")
    Listicle.objects.filter(pk=article.pk).update(title="Rewritten", intro="Gone")
    Entry.objects.filter(pk=first.pk).update(position=10, quote="Another quote")
    second.featuring.clear()
    second.scene_links.update(lead_in="Rewritten lead-in", caption="")
    factories.EntrySceneFactory(entry=second, position=5)
    third.delete()
    factories.full_entry(article, position=11)
    revisions.record(article, user=editor)

    restored = revisions.restore(kept, user=editor)

    assert export_listicle(article) == kept.snapshot
    assert restored.summary == "Restored revision #1"
    assert article.revisions.count() == 3
    assert restored.user == editor


def test_restore_leaves_the_status_and_publishing_time_alone(editor):
    listicle = factories.PublishedListicleFactory(title="Live")
    factories.full_entry(listicle)
    kept = revisions.record(listicle, user=editor)
    Listicle.objects.filter(pk=listicle.pk).update(title="Live, edited", status=Status.ARCHIVED)
    publish_at = reload(listicle).publish_at

    revisions.restore(kept, user=editor)

    listicle = reload(listicle)
    assert (listicle.title, listicle.status, listicle.publish_at) == ("Live", Status.ARCHIVED, publish_at)


def test_restore_keeps_the_knowledge_base_corrections_made_since(article, editor):
    kept = revisions.record(article, user=editor)
    entry = article.entries.order_by("position").first()
    Drama.objects.filter(pk=entry.drama_id).update(title="Coffee Prince", synopsis="Corrected synopsis")
    scene = entry.scene_links.get().scene
    Scene.objects.filter(pk=scene.pk).update(summary="Corrected summary")
    Entry.objects.filter(pk=entry.pk).update(body="Changed since")

    revisions.restore(kept, user=editor)

    drama = Drama.objects.get(pk=entry.drama_id)
    assert (drama.title, drama.synopsis) == ("Coffee Prince", "Corrected synopsis")
    assert Scene.objects.get(pk=scene.pk).summary == "Corrected summary"
    assert Entry.objects.get(pk=entry.pk).body == "Why this scene matters."


def test_restore_brings_back_a_deleted_character_without_renaming_its_actor(article, editor):
    kept = revisions.record(article, user=editor)
    entry = article.entries.order_by("position").first()
    lead = entry.quote_role
    lead.delete()
    Actor.objects.filter(pk=lead.actor_id).update(name="Gong Yoo")

    revisions.restore(kept, user=editor)

    entry = Entry.objects.get(pk=entry.pk)
    assert (entry.quote_role.character, entry.quote_role.actor_id) == (lead.character, lead.actor_id)
    assert entry.quote_role.actor.name == "Gong Yoo"
    assert lead.character in [role.character for role in entry.featuring.all()]


def test_restore_that_no_longer_fits_writes_nothing(article, editor):
    kept = revisions.record(article, user=editor)
    Listicle.objects.filter(pk=article.pk).update(slug="renamed", title="Renamed")
    factories.ListicleFactory(slug=kept.snapshot["slug"])

    with pytest.raises(InterchangeError) as refused:
        revisions.restore(kept, user=editor)

    assert "already used by another listicle" in refused.value.problems[0]
    assert reload(article).title == "Renamed"
    assert article.revisions.count() == 1


# The admin pages


@pytest.fixture
def history(article, editor):
    """Two revisions of the article: as created, then with a new title."""
    first = revisions.record(article, user=editor, summary="Created")
    Listicle.objects.filter(pk=article.pk).update(title="12 Confessions")
    second = revisions.record(article, user=editor, summary="Changed Title.")
    return first, second


def revision_pages(article, history):
    first, _ = history
    return {
        "list": admin_url("revisions", article.pk),
        "compare": admin_url("revisions_compare", article.pk),
        "restore": admin_url("revisions_restore", article.pk, first.pk),
    }


@pytest.mark.parametrize("page", ["list", "compare", "restore"])
def test_revision_pages_render_for_an_editor(client, editor, article, history, page):
    client.force_login(editor)

    response = client.get(revision_pages(article, history)[page])

    assert response.status_code == 200
    assert "12 Confessions" in response.content.decode()


@pytest.mark.parametrize("page", ["list", "compare", "restore"])
def test_revision_pages_are_refused_to_a_writer_who_may_not_change_the_listicle(
    client, writer, article, history, page
):
    client.force_login(writer)

    assert client.get(revision_pages(article, history)[page]).status_code == 403


@pytest.mark.parametrize("page", ["list", "compare", "restore"])
def test_revision_pages_send_anonymous_visitors_to_the_login(client, article, history, page):
    response = client.get(revision_pages(article, history)[page])

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_writer_sees_the_revisions_of_their_own_draft(client, writer, history):
    article = history[0].listicle
    Listicle.objects.filter(pk=article.pk).update(author=writer.author)
    client.force_login(writer)

    assert client.get(admin_url("revisions", article.pk)).status_code == 200


def test_restore_by_a_writer_who_may_not_change_the_listicle_is_refused_and_writes_nothing(
    client, writer, article, history
):
    client.force_login(writer)

    response = client.post(admin_url("revisions_restore", article.pk, history[0].pk))

    assert response.status_code == 403
    assert reload(article).title == "12 Confessions"


def test_the_revision_list_shows_who_saved_what_newest_first(client, editor, article, history):
    client.force_login(editor)

    response = client.get(admin_url("revisions", article.pk))

    page = response.content.decode()
    assert page.index("#2") < page.index("#1")
    assert "Changed Title." in page
    assert "History of revisions" in page
    assert page.count("Restore…") == 1  # the latest revision is the article as it is


def test_the_revision_list_costs_the_same_queries_for_many_revisions(
    client, editor, article, django_assert_max_num_queries
):
    client.force_login(editor)
    for title in ("One", "Two", "Three", "Four", "Five", "Six"):
        Listicle.objects.filter(pk=article.pk).update(title=title)
        revisions.record(article, user=factories.UserFactory())

    with django_assert_max_num_queries(12):
        response = client.get(admin_url("revisions", article.pk))

    assert response.status_code == 200


def test_compare_defaults_to_the_latest_revision_against_the_one_before(client, editor, article, history):
    client.force_login(editor)

    response = client.get(admin_url("revisions_compare", article.pk))

    assert (response.context["older"], response.context["newer"]) == history
    assert [str(change) for change in response.context["changes"]] == [
        "Title changed from “Confession scenes” to “12 Confessions”"
    ]


def test_compare_puts_the_older_revision_first_whichever_way_they_are_chosen(
    client, editor, article, history
):
    client.force_login(editor)
    first, second = history

    response = client.get(admin_url("revisions_compare", article.pk), {"older": second.pk, "newer": first.pk})

    assert (response.context["older"], response.context["newer"]) == (first, second)


@pytest.mark.parametrize(
    "query",
    [{"older": "abc"}, {"newer": "999999"}, {"older": "same", "newer": "same"}, {"older": "elsewhere"}],
)
def test_compare_with_a_wrong_choice_answers_400_with_the_reason(client, editor, article, history, query):
    elsewhere = factories.ListicleFactory().revisions.create(snapshot={}, user=editor)
    values = {"same": history[0].pk, "elsewhere": elsewhere.pk}
    client.force_login(editor)

    response = client.get(
        admin_url("revisions_compare", article.pk),
        {key: values.get(value, value) for key, value in query.items()},
    )

    assert response.status_code == 400
    assert "These revisions cannot be compared." in response.content.decode()


def test_the_first_revision_has_nothing_to_compare_with(client, editor, article, history):
    client.force_login(editor)

    response = client.get(admin_url("revisions_compare", article.pk), {"newer": history[0].pk})

    assert response.status_code == 200
    assert "nothing before it to compare with" in response.content.decode()


def test_compare_shows_editor_text_escaped(client, editor, article):
    revisions.record(article, user=editor)
    Listicle.objects.filter(pk=article.pk).update(title='<script>alert("x")</script>')
    revisions.record(article, user=editor)
    client.force_login(editor)

    page = client.get(admin_url("revisions_compare", article.pk)).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_the_restore_page_shows_what_restoring_changes_before_asking(client, editor, article, history):
    client.force_login(editor)

    response = client.get(admin_url("revisions_restore", article.pk, history[0].pk))

    assert [str(change) for change in response.context["changes"]] == [
        "Title changed from “12 Confessions” to “Confession scenes”"
    ]
    assert reload(article).title == "12 Confessions"


def test_restoring_from_the_admin_keeps_a_new_revision_and_returns_to_the_article(
    client, editor, article, history
):
    client.force_login(editor)

    response = client.post(admin_url("revisions_restore", article.pk, history[0].pk))

    assert response.status_code == 303
    assert response["Location"] == admin_url("change", article.pk)
    assert reload(article).title == "Confession scenes"
    latest = revisions.latest(article)
    assert (latest.summary, latest.user, revisions.number(latest)) == ("Restored revision #1", editor, 3)
    message = str(list(client.get(response["Location"]).context["messages"])[0])
    assert message.startswith("Restored revision #1, kept as revision #3.")


def test_restore_needs_the_csrf_token(editor, article, history):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)

    response = browser.post(admin_url("revisions_restore", article.pk, history[0].pk))

    assert response.status_code == 403
    assert reload(article).title == "12 Confessions"


def test_a_restore_that_no_longer_fits_says_why_and_writes_nothing(client, editor, article, history):
    Listicle.objects.filter(pk=article.pk).update(slug="renamed")
    factories.ListicleFactory(slug=history[0].snapshot["slug"])
    client.force_login(editor)

    response = client.post(admin_url("revisions_restore", article.pk, history[0].pk))

    assert response.status_code == 409
    assert "already used by another listicle" in response.content.decode()
    assert reload(article).title == "12 Confessions"


def test_a_revision_of_another_listicle_cannot_be_restored_here(client, editor, article, history):
    other = factories.ListicleFactory()
    foreign = revisions.record(other, user=editor)
    client.force_login(editor)

    response = client.post(admin_url("revisions_restore", article.pk, foreign.pk))

    assert response.status_code == 404
    assert Revision.objects.filter(listicle=article).count() == 2


def test_the_change_page_links_to_the_history_and_the_previews(client, editor, article, history):
    client.force_login(editor)

    page = client.get(admin_url("change", article.pk)).content.decode()

    assert "History of revisions (2)" in page
    assert admin_url("revisions", article.pk) in page
    assert admin_url("preview", article.pk) in page
    assert admin_url("share_preview", article.pk) in page
    assert "Changed Title." in page


def test_a_writer_reading_someone_elses_article_gets_the_preview_but_not_the_history(client, writer, history):
    article = history[0].listicle
    client.force_login(writer)

    page = client.get(admin_url("change", article.pk)).content.decode()

    assert admin_url("preview", article.pk) in page
    assert admin_url("revisions", article.pk) not in page
    assert admin_url("share_preview", article.pk) not in page


def test_revision_times_are_shown_in_the_site_time_zone(client, editor, article, history, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    client.force_login(editor)

    page = client.get(admin_url("revisions", article.pk)).content.decode()

    shown = timezone.localtime(history[1].created).isoformat(timespec="seconds")
    assert f'<time datetime="{shown}"' in page and shown.endswith("+09:00")


# Pages of a part of a listicle


class EntryPageAdmin(PartRevisionAdminMixin, admin.ModelAdmin):
    fields = ["heading", "quote", "body"]

    def listicle_of(self, entry):
        return entry.listicle


@pytest.fixture
def entry_admin():
    return EntryPageAdmin(Entry, admin.AdminSite(name="parts"))


def save_on_its_page(entry_admin, editor, entry, **values):
    request = RequestFactory().post("/")
    request.user = editor
    form = entry_admin.get_form(request, entry, change=True)(
        {"heading": entry.heading, "quote": entry.quote, "body": entry.body, **values}, instance=entry
    )
    assert form.is_valid(), form.errors
    saved = entry_admin.save_form(request, form, change=True)
    entry_admin.save_model(request, saved, form, True)
    entry_admin.save_related(request, form, [], True)


def test_saving_an_entry_on_its_own_page_keeps_a_revision_of_its_listicle(entry_admin, editor, article):
    entry = article.entries.order_by("position").first()
    before = export_listicle(article)
    updated = article.updated

    save_on_its_page(entry_admin, editor, entry, quote="Whether you're a man or an alien")

    starting_point, saved = article.revisions.order_by("id")
    assert starting_point.snapshot == before
    assert saved.user == editor
    assert saved.snapshot["entries"][0]["quote"] == "Whether you're a man or an alien"
    assert saved.summary == f"{entry}: Changed Quote."
    assert reload(article).updated > updated  # whoever has the listicle's form open is told


def test_deleting_an_entry_on_its_own_page_keeps_a_revision_without_it(entry_admin, editor, article):
    entry = article.entries.order_by("position").first()
    request = RequestFactory().post("/")
    request.user = editor

    entry_admin.delete_model(request, entry)

    latest = revisions.latest(article)
    assert len(latest.snapshot["entries"]) == 2
    assert latest.summary == f"Deleted entry “{entry}”"


def test_deleting_entries_of_two_listicles_at_once_keeps_a_revision_of_each(entry_admin, editor, article):
    other = factories.ListicleFactory()
    factories.full_entry(other)
    request = RequestFactory().post("/")
    request.user = editor
    doomed = Entry.objects.filter(pk__in=[article.entries.first().pk, other.entries.first().pk])

    entry_admin.delete_queryset(request, doomed)

    assert [len(revisions.latest(listicle).snapshot["entries"]) for listicle in (article, other)] == [2, 0]
    assert revisions.latest(other).summary == "Deleted entries"


def test_editing_an_entry_in_the_real_admin_keeps_a_revision_of_its_listicle(client, editor, article):
    entry = article.entries.order_by("position").first()
    client.force_login(editor)
    url = reverse("admin:articles_entry_change", args=[entry.pk])

    response = client.post(url, form_values(client.get(url), form_id="entry_form", quote="Alien or not"))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert revisions.latest(article).snapshot["entries"][0]["quote"] == "Alien or not"
    assert revisions.latest(article).user == editor


def test_saving_lead_ins_and_captions_on_the_entry_page_returns_to_the_listicle(client, editor, article):
    entry = article.entries.order_by("position").first()
    client.force_login(editor)
    url = reverse("admin:articles_entry_change", args=[entry.pk])
    typed = {"scene_links-0-lead_in": "Before the rain.", "scene_links-0-caption": "After the rain."}

    response = client.post(url, form_values(client.get(url), form_id="entry_form", **typed), follow=True)

    listicle_url = reverse("admin:articles_listicle_change", args=[article.pk])
    assert response.redirect_chain[-1][0] == f"{listicle_url}#entries-group"
    assert "the article&#x27;s history includes the change" in response.content.decode()
    scene = revisions.latest(article).snapshot["entries"][0]["scenes"][0]
    assert (scene["lead_in"], scene["caption"]) == ("Before the rain.", "After the rain.")
    history = client.get(reverse("admin:articles_listicle_revisions", args=[article.pk])).content.decode()
    assert "Lead in" in history or "lead in" in history.lower()


def test_save_and_continue_on_the_entry_page_stays_on_the_entry(client, editor, article):
    entry = article.entries.order_by("position").first()
    client.force_login(editor)
    url = reverse("admin:articles_entry_change", args=[entry.pk])

    response = client.post(url, form_values(client.get(url), form_id="entry_form", quote="Q", _continue="1"))

    assert response["Location"] == url


def test_compare_shows_status_numbering_and_times_as_editors_read_them(settings):
    settings.TIME_ZONE = "Asia/Seoul"
    older = {"status": "draft", "numbering": "list", "publish_at": None}
    newer = {"status": "published", "numbering": "countdown", "publish_at": "2026-05-12T09:00:00+00:00"}

    changes = [str(change) for change in comparison.diff(older, newer)]

    assert "Status changed from “Draft” to “Published”" in changes
    assert "Numbering changed from “List: 1 to N, in no particular order” to “Countdown: N to 1”" in changes
    assert any(change.endswith("to “12 May 2026, 18:00 KST”") for change in changes)


def test_the_admins_history_button_opens_the_one_history_of_revisions_and_moves(client, editor, article):
    revisions.record(article, user=editor, summary="Changed Title.")
    client.force_login(editor)

    response = client.get(reverse("admin:articles_listicle_history", args=[article.pk]))

    assert response.status_code == 200
    assert response.templates[0].name == "admin/articles/listicle/revisions/list.html"
    assert "Changed Title." in response.content.decode()

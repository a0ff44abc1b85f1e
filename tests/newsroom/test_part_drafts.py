"""A live article's entries and clips change in its draft, from whichever admin page: readers keep
the live version, and the live rows are never written, until the draft is published."""

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.models import Entry, EntryScene, Listicle, Status
from newsroom.models import Draft
from newsroom.workflow import transition
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(editor):
    """A live article: "3 Rooftop Scenes", three entries with a clip each."""
    listicle = factories.ListicleFactory(title="3 Rooftop Scenes", slug="3-rooftop-scenes")
    for position in range(3):
        factories.full_entry(listicle, position=position)
    transition(listicle, to=Status.PUBLISHED, by=editor)
    return listicle


def logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def url(model, page, *args):
    return reverse(f"admin:articles_{model}_{page}", args=args)


def live_rows(listicle):
    """What readers' rows hold: the entries and their clips, as stored."""
    entries = list(Entry.objects.filter(listicle=listicle).order_by("pk").values())
    clips = list(EntryScene.objects.filter(entry__listicle=listicle).order_by("pk").values())
    return entries, clips


def public_page(listicle):
    response = Client().get(Listicle.objects.get(pk=listicle.pk).get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def draft_entries(listicle):
    return Draft.objects.get(listicle=listicle).revision.snapshot["entries"]


def messages_of(response):
    return " ".join(str(message) for message in response.context["messages"])


def first(listicle):
    return listicle.entries.order_by("position").first()


def test_saving_an_entrys_page_changes_the_draft_and_never_the_live_rows(article, editor):
    browser = logged_in(editor)
    entry = first(article)
    page = browser.get(url("entry", "change", entry.pk))
    assert page.status_code == 200 and page.context["has_change_permission"]
    assert "is live: you are editing its draft" in page.content.decode()
    before = live_rows(article)

    response = browser.post(
        url("entry", "change", entry.pk),
        form_values(
            page,
            form_id="entry_form",
            body="Rewritten in the draft.",
            **{"scene_links-0-caption": "New caption."},
        ),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url("listicle", "change", article.pk) + "#entries-group"
    said = messages_of(response)
    assert "saved as a draft: readers see the live version" in said
    assert "changed successfully" not in said and "history includes the change" not in said
    assert live_rows(article) == before
    assert "Rewritten in the draft." not in public_page(article)
    drafted = draft_entries(article)[0]
    assert drafted["body"] == "Rewritten in the draft."
    assert drafted["scenes"][0]["caption"] == "New caption."
    # The pages show the draft: the entry's page, and the article's.
    assert "Rewritten in the draft." in browser.get(url("entry", "change", entry.pk)).content.decode()
    assert "Rewritten in the draft." in browser.get(url("listicle", "change", article.pk)).content.decode()


def test_an_entry_saved_on_its_page_joins_the_changes_already_in_the_draft(article, editor):
    browser = logged_in(editor)
    page = browser.get(url("listicle", "change", article.pk))
    browser.post(url("listicle", "change", article.pk), form_values(page, dek="A drafted dek"))
    entry = first(article)
    page = browser.get(url("entry", "change", entry.pk))

    browser.post(
        url("entry", "change", entry.pk), form_values(page, form_id="entry_form", quote="Drafted quote")
    )

    snapshot = Draft.objects.get(listicle=article).revision.snapshot
    assert (snapshot["dek"], snapshot["entries"][0]["quote"]) == ("A drafted dek", "Drafted quote")
    assert Listicle.objects.get(pk=article.pk).dek != "A drafted dek"


def test_a_clips_own_page_changes_the_draft(article, editor):
    browser = logged_in(editor)
    clip = EntryScene.objects.filter(entry__listicle=article).order_by("entry__position").first()
    page = browser.get(url("entryscene", "change", clip.pk))
    assert page.status_code == 200 and "you are editing its draft" in page.content.decode()
    before = live_rows(article)

    response = browser.post(
        url("entryscene", "change", clip.pk),
        form_values(page, form_id="entryscene_form", lead_in="Drafted lead-in."),
    )

    assert response.status_code == 302
    assert live_rows(article) == before
    assert draft_entries(article)[0]["scenes"][0]["lead_in"] == "Drafted lead-in."


def test_an_entry_added_to_a_live_article_from_the_entry_page_waits_in_the_draft(article, editor):
    browser = logged_in(editor)
    drama = factories.DramaFactory(title="Goblin")
    page = browser.get(url("entry", "add"))
    before = live_rows(article)

    response = browser.post(
        url("entry", "add"),
        form_values(
            page, form_id="entry_form", listicle=str(article.pk), drama=str(drama.pk), body="A fourth."
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert "saved as a draft" in messages_of(response)
    assert live_rows(article) == before
    assert [entry["body"] for entry in draft_entries(article)][-1] == "A fourth."
    assert len(draft_entries(article)) == 4


def test_deleting_an_entry_of_a_live_article_deletes_it_in_the_draft(article, editor):
    browser = logged_in(editor)
    entry = first(article)
    confirm = browser.get(url("entry", "delete", entry.pk))
    assert confirm.status_code == 200 and "you are editing its draft" in confirm.content.decode()
    before = live_rows(article)

    response = browser.post(url("entry", "delete", entry.pk), {"post": "yes"}, follow=True)

    assert "saved as a draft" in messages_of(response)
    assert "deleted successfully" not in messages_of(response)
    assert live_rows(article) == before
    assert len(draft_entries(article)) == 2


def test_the_bulk_delete_takes_a_live_articles_entries_out_of_its_draft_only(article, editor):
    other = factories.ListicleFactory(title="Not live yet")
    factories.full_entry(other)
    browser = logged_in(editor)
    chosen = [entry.pk for entry in Entry.objects.filter(listicle__in=[article, other])]
    before = live_rows(article)

    response = browser.post(
        url("entry", "changelist"),
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert "3 Rooftop Scenes” is live: its entries are deleted in its draft" in messages_of(response)
    assert live_rows(article) == before
    assert draft_entries(article) == []
    assert not Entry.objects.filter(listicle=other).exists()


def test_an_entry_that_is_only_in_the_draft_opens_and_saves_into_it(article, editor):
    browser = logged_in(editor)
    drama = factories.DramaFactory(title="Goblin")
    browser.post(
        url("entry", "add"),
        form_values(
            browser.get(url("entry", "add")),
            form_id="entry_form",
            listicle=str(article.pk),
            drama=str(drama.pk),
        ),
    )
    new_id = Draft.objects.get(listicle=article).revision.entry_ids[-1]
    assert not Entry.objects.filter(pk=new_id).exists()

    page = browser.get(url("entry", "change", new_id))
    assert page.status_code == 200
    browser.post(
        url("entry", "change", new_id), form_values(page, form_id="entry_form", heading="Only in the draft")
    )

    assert draft_entries(article)[-1]["heading"] == "Only in the draft"
    assert not Entry.objects.filter(pk=new_id).exists()


def test_a_writer_edits_their_own_live_articles_entries_into_a_draft_for_review(article, writer):
    Listicle.objects.filter(pk=article.pk).update(created_by=writer)
    browser = logged_in(writer)
    entry = first(article)
    page = browser.get(url("entry", "change", entry.pk))
    assert "an editor publishes the changes" in page.content.decode()

    response = browser.post(
        url("entry", "change", entry.pk),
        form_values(page, form_id="entry_form", body="By the writer."),
        follow=True,
    )

    assert "wait for an editor’s review" in messages_of(response)
    assert Draft.objects.get(listicle=article).in_review
    assert Entry.objects.get(pk=entry.pk).body != "By the writer."


def test_another_writers_live_article_stays_out_of_reach(article, writer):
    other = factories.UserFactory(username="other", is_staff=True)
    other.groups.add(Group.objects.get(name="Writers"))
    Listicle.objects.filter(pk=article.pk).update(created_by=other)
    browser = logged_in(writer)
    entry = first(article)

    assert browser.post(url("entry", "change", entry.pk), {"body": "Not mine"}).status_code == 403
    drama = factories.DramaFactory()
    added = browser.post(url("entry", "add"), {"listicle": article.pk, "drama": drama.pk, "body": "Not mine"})
    assert added.status_code in (200, 403)
    assert not Draft.objects.exists()
    assert not Entry.objects.filter(body="Not mine").exists()


def test_outside_the_draft_nothing_may_change_a_live_articles_parts(article, editor):
    """Whatever path forgets the draft finds the live rows closed."""
    request = RequestFactory().post("/")
    request.user = editor
    entry, entries = first(article), site.get_model_admin(Entry)
    assert not entries.has_change_permission(request, entry)
    assert not site.get_model_admin(EntryScene).has_change_permission(request, entry.scene_links.first())
    entry.body = "Straight to readers"
    with pytest.raises(PermissionDenied):
        entries.save_model(request, entry, None, True)
    with pytest.raises(PermissionDenied):
        entries.delete_model(request, entry)
    assert Entry.objects.filter(pk=entry.pk).exclude(body="Straight to readers").exists()


def test_a_draft_articles_entry_page_saves_straight_to_it_as_before(editor):
    listicle = factories.ListicleFactory(title="Still a draft")
    entry = factories.full_entry(listicle)
    browser = logged_in(editor)
    page = browser.get(url("entry", "change", entry.pk))
    assert "you are editing its draft" not in page.content.decode()

    browser.post(
        url("entry", "change", entry.pk), form_values(page, form_id="entry_form", body="Saved directly.")
    )

    assert Entry.objects.get(pk=entry.pk).body == "Saved directly."
    assert not Draft.objects.exists()


def test_an_image_added_on_a_live_entrys_page_waits_in_the_draft(article, editor):
    from tests.articles.test_entry_images import jpeg

    browser = logged_in(editor)
    entry = first(article)
    values = form_values(browser.get(url("entry", "change", entry.pk)), form_id="entry_form")
    row = int(values["scene_links-TOTAL_FORMS"][0])  # "Add another", as the browser does it
    values["scene_links-TOTAL_FORMS"] = [str(row + 1)]
    values[f"scene_links-{row}-entry"] = [str(entry.pk)]
    values[f"scene_links-{row}-image"] = [jpeg()]
    values[f"scene_links-{row}-image_alt"] = ["Two people in the rain"]
    before = live_rows(article)

    response = browser.post(url("entry", "change", entry.pk), values)

    assert response.status_code == 302, response.content.decode()[:1500]
    assert live_rows(article) == before
    scenes = draft_entries(article)[0]["scenes"]
    assert len(scenes) == 2 and "Two people in the rain" in str(scenes[-1]), scenes
    assert "Two people in the rain" not in public_page(article)
    assert "Two people in the rain" in browser.get(url("listicle", "preview", article.pk)).content.decode()


def test_the_article_pages_inline_entries_change_the_draft_and_never_the_live_rows(article, editor):
    browser = logged_in(editor)
    page = browser.get(url("listicle", "change", article.pk))
    before = live_rows(article)

    response = browser.post(
        url("listicle", "change", article.pk),
        form_values(page, entries__0__body="Inline, in the draft.", entries__2__DELETE="on"),
        follow=True,
    )

    assert "saved as a draft" in messages_of(response)
    assert live_rows(article) == before
    assert [entry["body"] for entry in draft_entries(article)][0] == "Inline, in the draft."
    assert len(draft_entries(article)) == 2


def test_a_clip_added_in_the_draft_is_edited_on_its_entrys_page(article, editor):
    """The draft's new clip is made again each time the page reads the draft: its form still saves."""
    browser = logged_in(editor)
    entry = first(article)
    scene = factories.SceneFactory(drama=entry.drama, title="The second clip")
    page = browser.get(url("listicle", "change", article.pk))
    chosen = form_values(page)["entries-0-scenes"] + [str(scene.pk)]
    browser.post(url("listicle", "change", article.pk), form_values(page, entries__0__scenes=chosen))
    assert len(draft_entries(article)[0]["scenes"]) == 2

    page = browser.get(url("entry", "change", entry.pk))
    values = form_values(page, form_id="entry_form", **{"scene_links-1-caption": "Drafted caption."})
    response = browser.post(url("entry", "change", entry.pk), values)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert draft_entries(article)[0]["scenes"][1]["caption"] == "Drafted caption."

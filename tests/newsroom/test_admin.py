"""The article admin as an editor uses it: a whole listicle built and reordered by posting its forms.

Forms are posted the way a browser sends them: every field the page renders, with the hidden
position inputs that django-admin-sortable2 fills in (0 for a new entry, 1..N after a drag).
"""

import io
import json
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from taggit.models import Tag

from articles.models import Author, Entry, EntryScene, Listicle, Status
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db

MODELS = [Author, Listicle, Entry, EntryScene, Tag]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def form_on(client, page, model, **changes):
    """What the model's admin form on `page` would post, with `changes` typed over it."""
    response = client.get(page)
    assert response.status_code == 200
    return form_values(response, f"{model._meta.model_name}_form", **changes)


def png(name="hero.png", size=(160, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "crimson").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def a_drama(title):
    """A drama with its couple, and a scene of them."""
    drama = factories.DramaFactory(title=title)
    lead = factories.RoleFactory(drama=drama, character=f"{title} lead")
    partner = factories.RoleFactory(drama=drama, character=f"{title} partner")
    scene = factories.SceneFactory(drama=drama, title=f"{title} confession")
    return drama, lead, partner, scene


def entry_fields(index, drama, lead, partner, scene, **extra):
    fields = {
        "drama": drama.pk,
        "heading": "",
        "quote": f"{drama.title}: I like you.",
        "quote_role": lead.pk,
        "featuring": [str(lead.pk), str(partner.pk)],
        "body": f"Why **{drama.title}** matters.",
        "scenes": [str(scene.pk)],
        "position": "0",
        **extra,
    }
    return {f"entries-{index}-{name}": value for name, value in fields.items()}


def add_listicle_data(client, *entries, **fields):
    changes = {"title": "12 Most Memorable K-Drama Confession Scenes", "slug": "confession-scenes"}
    changes.update({"entries-TOTAL_FORMS": str(len(entries))})
    for index, entry in enumerate(entries):
        changes.update(entry_fields(index, *entry))
    changes.update(fields)
    return form_on(client, url(Listicle, "add"), Listicle, **changes)


def errors(response):
    """Every error message on an admin change page: the form's and every inline form's."""
    messages = [message for field in response.context["adminform"].form.errors.values() for message in field]
    for inline in response.context["inline_admin_formsets"]:
        messages += list(inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            messages += [message for field in form_errors.values() for message in field]
    return messages


# Every page renders.


@pytest.fixture
def article(db):
    listicle = factories.ListicleFactory(hero_image=png(), hero_alt="A rooftop at night")
    listicle.tags.add("confessions")
    entry = factories.full_entry(listicle)
    return {
        Author: listicle.author,
        Listicle: listicle,
        Entry: entry,
        EntryScene: entry.scene_links.get(),
        Tag: Tag.objects.get(name="confessions"),
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_page_renders_for_an_editor(editor_client, article, model):
    pk = article[model].pk

    for page in (url(model, "changelist"), url(model, "add"), url(model, "change", pk)):
        assert editor_client.get(page).status_code == 200, page


def test_every_article_model_is_registered():
    assert all(admin.site.is_registered(model) for model in MODELS)


def test_admin_carries_the_newsroom_name(editor_client):
    content = editor_client.get(reverse("admin:index")).content.decode()

    assert "Soompi CMS" in content
    assert "Django administration" not in content


def test_listicle_list_shows_hero_status_author_and_entry_count(editor_client, article):
    factories.EntryFactory(listicle=article[Listicle])

    response = editor_client.get(url(Listicle, "changelist"))

    listed = response.context["cl"].result_list.get()
    assert listed.entry_count == 2
    content = response.content.decode()
    assert 'alt="A rooftop at night"' in content
    assert article[Author].name in content


@pytest.mark.parametrize(
    "model, make",
    [
        (Listicle, lambda: factories.full_entry(factories.ListicleFactory(tags=None)).listicle),
        (Entry, lambda: factories.full_entry(factories.ListicleFactory())),
        (Author, lambda: factories.ListicleFactory().author),
        (EntryScene, lambda: factories.EntrySceneFactory()),
        (Tag, lambda: factories.ListicleFactory().tags.add(f"tag {Tag.objects.count()}")),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, model, make
):
    make()
    with django_assert_max_num_queries(16) as few:
        editor_client.get(url(model, "changelist"))
    for _ in range(15):
        make()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(url(model, "changelist"))

    assert response.context["cl"].result_count >= 16


def page_queries(client, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(100) as counted:
        response = client.get(path)
    assert response.status_code == 200
    return len(counted.captured_queries), response.content.decode()


def test_listicle_page_query_count_does_not_grow_with_entries(editor_client, django_assert_max_num_queries):
    """Each entry's drama, speaker, couple and clips are labelled from what the page already fetched."""
    listicle = factories.ListicleFactory()
    factories.full_entry(listicle, position=0)
    few, _ = page_queries(editor_client, url(Listicle, "change", listicle.pk), django_assert_max_num_queries)
    entries = [factories.full_entry(listicle, position=position) for position in range(1, 30)]

    many, page = page_queries(
        editor_client, url(Listicle, "change", listicle.pk), django_assert_max_num_queries
    )

    assert many <= few
    last = entries[-1]
    speaker, partner = last.featuring.order_by("position", "id")
    for label in (str(last.drama), str(speaker), str(partner), str(last.scene_links.get().scene)):
        assert f"selected>{label}</option>" in page


# Building the reference article entirely through the admin.


def test_editor_builds_a_listicle_with_entries_couples_and_clips_in_one_post(editor_client):
    coffee, goblin = a_drama("Coffee Prince"), a_drama("Goblin")
    data = add_listicle_data(editor_client, coffee, goblin, tags=["confessions", "romance"], intro="*Sigh.*")

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 302, errors(response)
    listicle = Listicle.objects.get(slug="confession-scenes")
    assert listicle.status == Status.DRAFT
    assert sorted(listicle.tags.names()) == ["confessions", "romance"]
    first, second = listicle.entries.all()
    assert (first.drama, second.drama) == (coffee[0], goblin[0])
    assert first.quote_role == coffee[1]
    assert set(first.featuring.all()) == {coffee[1], coffee[2]}
    assert set(second.featuring.all()) == {goblin[1], goblin[2]}
    assert [link.scene for link in first.scene_links.all()] == [coffee[3]]
    assert [link.scene for link in second.scene_links.all()] == [goblin[3]]
    assert first.position < second.position


def test_entries_keep_the_order_they_were_added_in(editor_client):
    dramas = [a_drama(title) for title in ("Coffee Prince", "Goblin", "Reply 1988", "Reply 1997")]

    editor_client.post(url(Listicle, "add"), add_listicle_data(editor_client, *dramas))

    titles = [entry.drama.title for entry in Listicle.objects.get().entries.all()]
    assert titles == ["Coffee Prince", "Goblin", "Reply 1988", "Reply 1997"]


def test_dragging_entries_into_a_new_order_is_saved(editor_client):
    dramas = [a_drama(title) for title in ("Coffee Prince", "Goblin", "Reply 1988")]
    editor_client.post(url(Listicle, "add"), add_listicle_data(editor_client, *dramas))
    listicle = Listicle.objects.get()
    # After a drag the script numbers the rows 1..N in their new order: Reply 1988 first.
    data = form_on(
        editor_client,
        url(Listicle, "change", listicle.pk),
        Listicle,
        entries__0__position="2",
        entries__1__position="3",
        entries__2__position="1",
    )

    response = editor_client.post(url(Listicle, "change", listicle.pk), data)

    assert response.status_code == 302, errors(response)
    titles = [entry.drama.title for entry in listicle.entries.all()]
    assert titles == ["Reply 1988", "Coffee Prince", "Goblin"]


def test_a_new_entry_added_to_an_existing_listicle_goes_last(editor_client):
    listicle = factories.ListicleFactory()
    factories.full_entry(listicle, position=1)
    factories.full_entry(listicle, position=2)
    newcomer = a_drama("Goblin")
    data = form_on(
        editor_client,
        url(Listicle, "change", listicle.pk),
        Listicle,
        **{"entries-TOTAL_FORMS": "3", **entry_fields(2, *newcomer)},
    )

    response = editor_client.post(url(Listicle, "change", listicle.pk), data)

    assert response.status_code == 302, errors(response)
    assert listicle.entries.last().drama.title == "Goblin"


def test_saving_the_listicle_keeps_the_text_around_each_clip(editor_client):
    listicle = factories.ListicleFactory()
    entry = factories.full_entry(listicle)
    link = entry.scene_links.get()
    data = form_on(editor_client, url(Listicle, "change", listicle.pk), Listicle, entries__0__body="New body")

    response = editor_client.post(url(Listicle, "change", listicle.pk), data)

    assert response.status_code == 302, errors(response)
    kept = entry.scene_links.get()
    assert (kept.pk, kept.lead_in, kept.caption) == (link.pk, "Before the clip.", "After the clip.")
    entry.refresh_from_db()
    assert entry.body == "New body"


def test_clips_picked_in_the_listicle_are_added_after_and_removed_from_the_entry(editor_client):
    listicle = factories.ListicleFactory()
    entry = factories.full_entry(listicle)
    old = entry.scene_links.get()
    first, second = factories.SceneFactory(drama=entry.drama), factories.SceneFactory(drama=entry.drama)
    data = form_on(
        editor_client,
        url(Listicle, "change", listicle.pk),
        Listicle,
        entries__0__scenes=[str(second.pk), str(first.pk)],
    )

    response = editor_client.post(url(Listicle, "change", listicle.pk), data)

    assert response.status_code == 302, errors(response)
    assert [link.scene for link in entry.scene_links.all()] == [second, first]
    assert not EntryScene.objects.filter(pk=old.pk).exists()


def test_new_listicle_defaults_to_the_editors_byline(editor_client, editor):
    author = factories.AuthorFactory(user=editor)

    form = editor_client.get(url(Listicle, "add")).context["adminform"].form

    assert form.initial["author"] == author.pk


def test_status_is_not_editable_in_the_form(editor_client):
    drama = a_drama("Goblin")
    data = add_listicle_data(editor_client, drama, status="published")

    editor_client.post(url(Listicle, "add"), data)

    assert Listicle.objects.get().status == Status.DRAFT


def test_view_on_site_is_offered_only_for_what_readers_can_see(editor_client):
    live = factories.PublishedListicleFactory()
    draft = factories.ListicleFactory()

    live_page = editor_client.get(url(Listicle, "change", live.pk))
    draft_page = editor_client.get(url(Listicle, "change", draft.pk))

    assert live_page.context["has_absolute_url"] is True
    assert draft_page.context["has_absolute_url"] is False


# What an editor gets wrong comes back as a form error, and nothing is saved.


def test_quote_by_a_character_of_another_drama_is_a_form_error(editor_client):
    coffee, goblin = a_drama("Coffee Prince"), a_drama("Goblin")
    data = add_listicle_data(editor_client, coffee, entries__0__quote_role=goblin[1].pk)

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 200
    assert errors(response) == [
        f"Only characters from Coffee Prince can be chosen here: {goblin[1]} is in Goblin."
    ]
    assert not Listicle.objects.exists()


def test_featuring_a_character_of_another_drama_is_a_form_error(editor_client):
    coffee, goblin = a_drama("Coffee Prince"), a_drama("Goblin")
    data = add_listicle_data(
        editor_client, coffee, entries__0__featuring=[str(coffee[1].pk), str(goblin[2].pk)]
    )

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 200
    assert errors(response) == [
        f"Only characters from Coffee Prince can be chosen here: {goblin[2]} is in Goblin."
    ]
    assert not Listicle.objects.exists()


def test_clip_from_another_drama_is_a_form_error_naming_both_dramas(editor_client):
    coffee, goblin = a_drama("Coffee Prince"), a_drama("Goblin")
    data = add_listicle_data(editor_client, coffee, entries__0__scenes=[str(goblin[3].pk)])

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 200
    assert errors(response) == [
        "Only scenes from Coffee Prince can be chosen here: “Goblin confession” is in Goblin."
    ]
    assert not Listicle.objects.exists()
    assert not EntryScene.objects.exists()


def test_hero_image_without_alt_text_is_a_form_error(editor_client):
    data = add_listicle_data(editor_client, a_drama("Goblin"), hero_image=png(), hero_alt="")

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 200
    assert errors(response) == ["Describe the image for readers who cannot see it."]
    assert not Listicle.objects.exists()


def test_hero_image_that_is_not_an_image_is_a_form_error(editor_client):
    fake = SimpleUploadedFile("hero.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    data = add_listicle_data(editor_client, a_drama("Goblin"), hero_image=fake, hero_alt="Hero")

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors
    assert not Listicle.objects.exists()


def test_truncated_hero_image_is_a_form_error(editor_client):
    whole = png(size=(400, 300)).read()
    truncated = SimpleUploadedFile("hero.png", whole[: len(whole) // 3], content_type="image/png")
    data = add_listicle_data(editor_client, a_drama("Goblin"), hero_image=truncated, hero_alt="Hero")

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["hero_image"]
    assert message.startswith("Upload a valid image.")
    assert not Listicle.objects.exists()


def test_hero_image_with_alt_text_is_saved(editor_client):
    data = add_listicle_data(
        editor_client, a_drama("Goblin"), hero_image=png(), hero_alt="A rooftop at night"
    )

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 302, errors(response)
    assert Listicle.objects.get().hero_image.name.startswith("listicles/")


def test_a_tag_longer_than_taggit_stores_is_a_form_error(editor_client):
    data = add_listicle_data(editor_client, a_drama("Goblin"), tags=["romance", "x" * 101])

    response = editor_client.post(url(Listicle, "add"), data)

    assert response.status_code == 200
    assert "Keep each tag under 101 characters" in errors(response)[0]
    assert not Tag.objects.exists()


def test_tags_with_commas_and_spaces_survive_the_round_trip(editor_client):
    data = add_listicle_data(editor_client, a_drama("Goblin"), tags=["romantic comedy", "Seoul, at night"])

    editor_client.post(url(Listicle, "add"), data)

    listicle = Listicle.objects.get()
    assert sorted(listicle.tags.names()) == ["Seoul, at night", "romantic comedy"]
    data = form_on(editor_client, url(Listicle, "change", listicle.pk), Listicle)
    assert sorted(data["tags"]) == ["Seoul, at night", "romantic comedy"]


# The entry's own page: its clips, with the text around them, ordered by dragging.


def entry_page_data(client, entry, **changes):
    return form_on(client, url(Entry, "change", entry.pk), Entry, **changes)


def test_entry_page_edits_clips_and_their_text_in_dragged_order(editor_client):
    entry = factories.full_entry(factories.ListicleFactory())
    first = entry.scene_links.get()
    second = factories.SceneFactory(drama=entry.drama, title="The second kiss")
    data = entry_page_data(
        editor_client,
        entry,
        **{"scene_links-TOTAL_FORMS": "2", "scene_links-0-position": "2"},
        **{"scene_links-1-scene": second.pk, "scene_links-1-position": "1"},
        **{"scene_links-1-lead_in": "And then:", "scene_links-1-caption": "Hearts *broke*."},
    )

    response = editor_client.post(url(Entry, "change", entry.pk), data)

    assert response.status_code == 302, errors(response)
    links = list(entry.scene_links.all())
    assert [link.scene for link in links] == [second, first.scene]
    assert (links[0].lead_in, links[0].caption) == ("And then:", "Hearts *broke*.")


def test_entry_page_refuses_a_clip_from_another_drama(editor_client):
    entry = factories.full_entry(factories.ListicleFactory())
    stranger = factories.SceneFactory(drama__title="Goblin", title="Rain")
    data = entry_page_data(editor_client, entry, scene_links__0__scene=stranger.pk)

    response = editor_client.post(url(Entry, "change", entry.pk), data)

    assert response.status_code == 200
    assert errors(response) == [
        f"Only scenes from {entry.drama.title} can be chosen here: “Rain” is in Goblin."
    ]
    assert entry.scene_links.get().scene.title != "Rain"


def test_entry_page_checks_clips_against_the_drama_chosen_in_the_same_post(editor_client):
    entry = factories.full_entry(factories.ListicleFactory())
    goblin = factories.DramaFactory(title="Goblin")
    data = entry_page_data(editor_client, entry, drama=goblin.pk, quote_role="", featuring=[])

    response = editor_client.post(url(Entry, "change", entry.pk), data)

    assert response.status_code == 200
    assert "Only scenes from Goblin can be chosen here" in errors(response)[0]
    entry.refresh_from_db()
    assert entry.drama != goblin


def test_entry_page_refuses_a_quote_by_a_character_of_another_drama(editor_client):
    entry = factories.full_entry(factories.ListicleFactory())
    stranger = factories.RoleFactory(drama__title="Goblin")

    response = editor_client.post(
        url(Entry, "change", entry.pk), entry_page_data(editor_client, entry, quote_role=stranger.pk)
    )

    assert response.status_code == 200
    assert errors(response) == [
        f"Only characters from {entry.drama.title} can be chosen here: {stranger} is in Goblin."
    ]


def test_entry_added_on_its_own_page_goes_last_in_its_listicle(editor_client):
    listicle = factories.ListicleFactory()
    factories.full_entry(listicle, position=7)
    drama = factories.DramaFactory()
    data = form_on(editor_client, url(Entry, "add"), Entry, listicle=listicle.pk, drama=drama.pk)

    response = editor_client.post(url(Entry, "add"), data)

    assert response.status_code == 302, errors(response)
    assert listicle.entries.last().drama == drama
    assert listicle.entries.last().position == 8


def test_entry_page_links_back_from_the_listicle_inline(editor_client):
    listicle = factories.ListicleFactory()
    entry = factories.full_entry(listicle)

    content = editor_client.get(url(Listicle, "change", listicle.pk)).content.decode()

    assert url(Entry, "change", entry.pk) in content


# Entries follow their listicle's permissions.


def test_writer_cannot_change_an_entry_of_someone_elses_listicle(client, writer):
    entry = factories.full_entry(factories.ListicleFactory())
    client.force_login(writer)

    page = client.get(url(Entry, "change", entry.pk))
    posted = client.post(url(Entry, "change", entry.pk), {"body": "Mine now"})

    assert page.status_code == 200
    assert "adminform" not in page.context or page.context["has_change_permission"] is False
    assert posted.status_code == 403
    entry.refresh_from_db()
    assert entry.body != "Mine now"


def test_listicle_read_only_for_a_writer_still_shows_each_entrys_scenes(client, writer):
    listicle = factories.PublishedListicleFactory()
    scene = factories.full_entry(listicle).scene_links.get().scene
    client.force_login(writer)

    response = client.get(url(Listicle, "change", listicle.pk))

    assert response.status_code == 200
    listed = f'<div class="readonly"><ul class="related-list"><li>{scene}</li></ul></div>'
    assert listed in response.content.decode()


def test_writer_changes_entries_of_their_own_draft(client, writer):
    listicle = factories.ListicleFactory(author=writer.author, created_by=writer)
    entry = factories.full_entry(listicle)
    client.force_login(writer)

    response = client.post(url(Entry, "change", entry.pk), entry_page_data(client, entry, body="Rewritten"))

    assert response.status_code == 302, errors(response)
    entry.refresh_from_db()
    assert entry.body == "Rewritten"


def test_writer_cannot_add_an_entry_to_someone_elses_listicle(client, writer):
    listicle = factories.ListicleFactory(title="Not yours")
    drama = factories.DramaFactory()
    client.force_login(writer)
    data = form_on(client, url(Entry, "add"), Entry, listicle=listicle.pk, drama=drama.pk)

    response = client.post(url(Entry, "add"), data)

    assert response.status_code == 200
    assert errors(response) == ["You cannot change “Not yours” at the moment, so nothing can be added to it."]
    assert not listicle.entries.exists()


# Pickers.


def autocomplete(client, model_name, field_name, term):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": model_name, "field_name": field_name, "term": term},
    )


@pytest.mark.parametrize(
    "model_name, field_name, term, expected",
    [
        ("listicle", "author", "bina", "binahearts"),
        ("entry", "drama", "coffee", "Coffee Prince (2007)"),
        ("entry", "quote_role", "Gong", "Choi Han Gyul (Gong Yoo)"),
        ("entry", "featuring", "Coffee", "Choi Han Gyul (Gong Yoo)"),
        ("entryscene", "scene", "rooftop", "Coffee Prince, ep. 11: The rooftop"),
        ("entry", "listicle", "confession", "Confession scenes"),
    ],
)
def test_autocomplete_answers_an_editor(editor_client, model_name, field_name, term, expected):
    factories.AuthorFactory(name="binahearts")
    role = factories.RoleFactory(
        character="Choi Han Gyul", actor__name="Gong Yoo", drama__title="Coffee Prince", drama__year=2007
    )
    factories.SceneFactory(drama=role.drama, episode=11, title="The rooftop")
    factories.ListicleFactory(title="Confession scenes")

    response = autocomplete(editor_client, model_name, field_name, term)

    assert response.status_code == 200
    assert [result["text"] for result in json.loads(response.content)["results"]] == [expected]


def test_autocomplete_refuses_an_anonymous_visitor(client):
    factories.AuthorFactory(name="binahearts")

    response = autocomplete(client, "listicle", "author", "bina")

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_tag_suggestions_offer_existing_tags_most_used_first(editor_client):
    factories.ListicleFactory().tags.add("romance")
    factories.ListicleFactory().tags.add("romance", "romcom")
    factories.DramaFactory().tags.add("thriller")

    response = editor_client.get(reverse("admin:taggit_tag_suggestions"), {"term": "rom"})

    assert response.status_code == 200
    assert json.loads(response.content)["results"] == [
        {"id": "romance", "text": "romance"},
        {"id": "romcom", "text": "romcom"},
    ]


def test_tag_picker_is_fed_by_the_suggestions_and_shows_the_chosen_tags(editor_client):
    listicle = factories.ListicleFactory()
    listicle.tags.add("romance")

    response = editor_client.get(url(Listicle, "change", listicle.pk))

    content = response.content.decode()
    assert f'data-ajax--url="{reverse("admin:taggit_tag_suggestions")}"' in content
    assert '<option value="romance" selected>romance</option>' in content
    assert "dramas/admin/tag_autocomplete.js" in str(response.context["media"])


def test_tag_suggestions_refuse_anonymous_visitors_and_staff_without_permission(client):
    anonymous = client.get(reverse("admin:taggit_tag_suggestions"), {"term": "rom"})
    client.force_login(factories.UserFactory(is_staff=True))
    stranger = client.get(reverse("admin:taggit_tag_suggestions"), {"term": "rom"})

    assert anonymous.status_code == 302
    assert stranger.status_code == 403


def test_author_account_choices_are_newsroom_logins_only(editor_client, editor):
    factories.UserFactory(username="reader-account")

    form = editor_client.get(url(Author, "add")).context["adminform"].form

    usernames = [user.username for user in form.fields["user"].queryset]
    assert "editor" in usernames
    assert "reader-account" not in usernames


def test_deleting_an_author_with_articles_is_refused(editor_client):
    author = factories.ListicleFactory().author

    response = editor_client.post(url(Author, "delete", author.pk), {"post": "yes"})

    assert response.status_code == 200
    assert "protected related objects" in response.content.decode()
    assert Author.objects.filter(pk=author.pk).exists()


def gif_upload(name="hug.gif"):
    frames = [Image.new("RGB", (64, 36), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/gif")


def test_entry_page_adds_a_gif_between_clips_in_dragged_order(editor_client):
    entry = factories.full_entry(factories.ListicleFactory())
    clip = entry.scene_links.get()
    data = entry_page_data(
        editor_client,
        entry,
        **{"scene_links-TOTAL_FORMS": "2", "scene_links-0-position": "2"},
        **{
            "scene_links-1-image": gif_upload(),
            "scene_links-1-image_alt": "A hug",
            "scene_links-1-position": "1",
        },
        **{"scene_links-1-credit": "tvN", "scene_links-1-caption": "Aww."},
    )

    response = editor_client.post(url(Entry, "change", entry.pk), data)

    assert response.status_code == 302, errors(response)
    first, second = entry.scene_links.all()
    assert (first.scene, first.image_alt, first.credit, first.caption) == (None, "A hug", "tvN", "Aww.")
    assert first.image.name.startswith("entries/hug")
    assert second.pk == clip.pk


def test_entry_page_refuses_an_image_without_alt_text_or_an_item_with_both(editor_client, settings):
    entry = factories.full_entry(factories.ListicleFactory())
    clip = entry.scene_links.get()
    no_alt = entry_page_data(
        editor_client,
        entry,
        **{
            "scene_links-TOTAL_FORMS": "2",
            "scene_links-1-image": gif_upload(),
            "scene_links-1-position": "3",
        },
    )
    both = entry_page_data(
        editor_client, entry, scene_links__0__image=gif_upload(), scene_links__0__image_alt="x"
    )

    refused = [editor_client.post(url(Entry, "change", entry.pk), data) for data in (no_alt, both)]

    assert [response.status_code for response in refused] == [200, 200]
    assert "Describe the image for readers who cannot see it." in refused[0].content.decode()
    assert "not both" in refused[1].content.decode()
    assert list(entry.scene_links.all()) == [clip]
    assert not (settings.MEDIA_ROOT / "entries").exists()


def test_image_fields_show_the_current_image_as_a_thumbnail(editor_client):
    listicle = factories.ListicleFactory(hero_image=png(), hero_alt="Two leads in the rain")
    drama = factories.DramaFactory(poster=png("poster.png"), poster_alt="Poster")

    listicle_page = editor_client.get(reverse("admin:articles_listicle_change", args=[listicle.pk]))
    drama_page = editor_client.get(reverse("admin:dramas_drama_change", args=[drama.pk]))

    for page, image in ((listicle_page, listicle.hero_image), (drama_page, drama.poster)):
        html = page.content.decode()
        assert (
            f'<img src="{image.url}" alt="" width="96" height="96" loading="lazy" data-picker-thumbnail>'
            in html
        )


def test_the_scene_picker_offers_a_new_clip_in_a_popup_to_those_who_may_add_scenes(client, editor):
    listicle = factories.ListicleFactory()
    factories.full_entry(listicle)
    url = reverse("admin:articles_listicle_change", args=[listicle.pk])
    add_scene = reverse("admin:dramas_scene_add")
    client.force_login(editor)

    page = client.get(url).content.decode()

    assert 'id="add_id_entries-0-scenes"' in page
    assert f'href="{add_scene}?_to_field=id&amp;_popup=1"' in page
    editor.user_permissions.remove(*Permission.objects.filter(codename="add_scene"))
    for group in editor.groups.all():
        group.permissions.remove(*Permission.objects.filter(codename="add_scene"))
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached on the instance
    client.force_login(editor)
    assert 'id="add_id_entries-0-scenes"' not in client.get(url).content.decode()


def test_markdown_fields_carry_the_toolbar_and_plain_ones_do_not(client, editor):
    listicle = factories.ListicleFactory()
    entry = factories.full_entry(listicle)
    client.force_login(editor)

    listicle_page = client.get(reverse("admin:articles_listicle_change", args=[listicle.pk])).content.decode()
    entry_page = client.get(reverse("admin:articles_entry_change", args=[entry.pk])).content.decode()

    for name in ("intro", "outro", "entries-0-body"):
        assert re.search(rf'<textarea[^>]*name="{name}"[^>]*data-markdown="true"', listicle_page), name
    assert not re.search(r'<textarea[^>]*name="dek"[^>]*data-markdown', listicle_page)
    for name in ("scene_links-0-lead_in", "scene_links-0-caption"):
        assert re.search(rf'<textarea[^>]*name="{name}"[^>]*data-markdown="true"', entry_page), name
    assert "newsroom/admin/markdown_toolbar.js" in listicle_page and "markdown_toolbar.js" in entry_page

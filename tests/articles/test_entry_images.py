"""Images and GIFs in an entry's sequence: shown between the clips, checked before publishing,
carried by the import/export format, revisions and restore."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import EntryScene, Status
from interchange.exporter import export_listicle
from interchange.problems import InterchangeError
from newsroom import revisions
from newsroom.comparison import diff
from newsroom.imports import import_listicle
from newsroom.workflow import TransitionRefused, transition
from tests import factories

pytestmark = pytest.mark.django_db


def gif(name="moment.gif", frames=4):
    images = [Image.new("RGB", (320, 180), color) for color in ("red", "green", "blue", "white")][:frames]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/gif")


def jpeg(name="still.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def image_item(entry, position, upload=None, alt="Two people look at each other", **values):
    return EntryScene.objects.create(
        entry=entry, image=upload or gif(), image_alt=alt, position=position, **values
    )


@pytest.fixture
def entry(db):
    listicle = factories.PublishedListicleFactory()
    entry = factories.full_entry(listicle)
    factories.WatchLinkFactory(drama=entry.drama)
    return entry


def page(client, listicle):
    response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_image_sits_between_the_clips_in_the_order_the_editor_gave(client, entry):
    clip = entry.scene_links.get()
    EntryScene.objects.filter(pk=clip.pk).update(position=5)
    image_item(entry, 1, jpeg(), alt="Their first look", credit="KBS", caption="Swoon.")

    html = page(client, entry.listicle)

    section = html[html.index('class="entry"') :]
    assert section.index("Their first look") < section.index(clip.scene.title)
    assert re.search(r'<figure class="moment">\s*<picture>', html)
    assert '<figcaption class="moment__credit">KBS</figcaption>' in html
    assert "<p>Swoon.</p>" in html
    assert 'src="/static/js/animation.js"' not in html  # a still needs no script


def test_an_entry_gif_is_animated_webp_paused_for_reduced_motion_with_a_play_button(
    client, entry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image_item(entry, 10, alt="Can't you feel the love in their gazes?!")

    html = page(client, entry.listicle)

    figure = html[html.index('<figure class="moment">') :]
    figure = figure[: figure.index("</figure>")]
    assert re.search(r'<source media="\(prefers-reduced-motion: reduce\)" srcset="[^"]+\.jpg 320w"', figure)
    assert re.search(
        r'<source type="image/webp" srcset="/media/renditions/entries/moment[^"]*\.webp 320w"', figure
    )
    assert re.search(r'<img src="/media/entries/moment[^"]*\.gif"', figure)
    assert 'alt="Can&#x27;t you feel the love in their gazes?!"' in figure
    assert 'width="320" height="180"' in figure
    assert '<button class="animation__toggle" type="button" hidden data-animation-toggle' in figure
    assert 'src="/static/js/animation.js"' in html


def test_an_item_is_either_a_clip_or_an_image(entry):
    clip = entry.scene_links.get()
    both = EntryScene(entry=entry, scene=clip.scene, image=jpeg(), image_alt="x")
    neither = EntryScene(entry=entry)

    with pytest.raises(ValidationError, match="either a clip or an image"):
        both.full_clean()
    with pytest.raises(ValidationError, match="Choose a clip or upload an image"):
        neither.full_clean()


def test_an_image_without_alt_text_is_refused_by_the_form_and_by_publishing(entry, editor):
    EntryScene.objects.filter(entry=entry).update(position=1)
    item = EntryScene(entry=entry, image=jpeg(), image_alt="  ", position=5)
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert "image_alt" in refused.value.message_dict

    item.save()  # as an import of a draft may leave it
    listicle = entry.listicle
    listicle.status = Status.DRAFT
    listicle.save()
    with pytest.raises(TransitionRefused, match=r"Entry 1 \(.*\): the image at place 2 has no alt text"):
        transition(listicle, to=Status.PUBLISHED, by=editor)
    listicle.refresh_from_db()
    assert listicle.status == Status.DRAFT


def test_export_and_import_round_trip_image_items(entry):
    image_item(entry, 0, alt="A hug", credit="tvN", lead_in="Look:", caption="Aww.")
    data = export_listicle(entry.listicle)

    items = data["entries"][0]["scenes"]
    assert items[0] == {
        "image": entry.scene_links.first().image.name,
        "alt": "A hug",
        "credit": "tvN",
        "lead_in": "Look:",
        "caption": "Aww.",
    }
    assert "title" in items[1]
    assert import_listicle(data).changed is False

    copy = {**data, "slug": "a-copy"}
    imported = import_listicle(copy).listicle
    assert export_listicle(imported)["entries"] == data["entries"]


def test_import_refuses_an_image_that_is_not_stored_here_and_writes_nothing(entry):
    data = export_listicle(entry.listicle)
    data["slug"] = "another"
    data["entries"][0]["scenes"] = [
        {"image": "entries/nowhere.gif", "alt": "Gone"},
        {"image": "../settings.py", "alt": "Sneaky"},
        {"image": "entries/notes.txt"},
    ]

    with pytest.raises(InterchangeError) as refused:
        import_listicle(data)

    problems = refused.value.problems
    assert 'entries[0].scenes[0].image: no uploaded image is stored as "entries/nowhere.gif"' in problems
    assert any(
        p.startswith("entries[0].scenes[1].image: must be a name inside the media folder") for p in problems
    )
    assert any(p.startswith("entries[0].scenes[2].image: must name a jpg") for p in problems)
    assert EntryScene.objects.filter(entry__listicle__slug="another").count() == 0


def test_a_file_without_image_items_still_imports_as_before(entry):
    data = export_listicle(entry.listicle)
    for item in data["entries"][0]["scenes"]:
        assert "image" not in item

    assert import_listicle({**data, "slug": "old-format"}).listicle.entries.get().scene_links.count() == 1


def test_restore_brings_back_a_removed_image_item(entry, editor):
    EntryScene.objects.filter(entry=entry).update(position=1)
    image_item(entry, 0, alt="A hug")
    kept = revisions.record(entry.listicle, user=editor)
    entry.scene_links.filter(scene__isnull=True).delete()
    revisions.record(entry.listicle, user=editor)

    revisions.restore(kept, user=editor)

    restored = entry.scene_links.get(scene__isnull=True)
    assert restored.image_alt == "A hug"
    assert default_storage.exists(restored.image.name)
    assert [link.scene_id is None for link in entry.scene_links.all()] == [True, False]


def test_revision_comparison_names_a_changed_image_item(entry, editor):
    item = image_item(entry, 0, alt="A hug")
    before = revisions.record(entry.listicle, user=editor)
    item.image_alt = "A long hug"
    item.save()
    after = revisions.record(entry.listicle, user=editor)

    changes = diff(before, after)

    assert any("image “entries/moment" in change.subject and change.field == "alt" for change in changes)


def test_an_item_left_without_its_image_says_what_to_do_not_the_constraints_name(client, editor, entry):
    """A new item whose chosen file was lost (the page came back with an error elsewhere, and the
    browser does not keep a chosen file) is refused with a sentence on its image field."""
    from django.urls import reverse

    from articles.models import Listicle, Status
    from tests.admin_forms import form_values

    # An entry's own page changes it while its article is not live (a live one's go through its draft).
    Listicle.objects.filter(pk=entry.listicle_id).update(status=Status.DRAFT)
    client.force_login(editor)
    url = reverse("admin:articles_entry_change", args=[entry.pk])
    values = form_values(client.get(url), form_id="entry_form")
    row = int(values["scene_links-TOTAL_FORMS"][0])  # "Add another", as the browser does it
    values["scene_links-TOTAL_FORMS"] = [str(row + 1)]
    values[f"scene_links-{row}-caption"] = ["After the rain."]
    values[f"scene_links-{row}-image_alt"] = ["Two people in the rain"]
    values[f"scene_links-{row}-entry"] = [str(entry.pk)]

    response = client.post(url, values)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a clip or upload an image. If you had chosen a file before the page came back" in page
    assert "Constraint" not in page and "entry_item_is_a_scene_or_an_image" not in page
    assert entry.scene_links.count() == 1

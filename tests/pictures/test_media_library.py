"""The media library: records for every stored image, the library's admin, the picker and crops."""

import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image as Picture

import frontend_cache
from articles.models import EntryScene
from dramas.models import Drama
from pictures import renditions, tasks
from pictures.models import Image
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def png(name="picture.png", size=(160, 90), colour="navy"):
    buffer = io.BytesIO()
    Picture.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def halves(name="halves.png"):
    """A 400 × 100 picture, red on the left half and blue on the right."""
    picture = Picture.new("RGB", (400, 100), "red")
    picture.paste(Picture.new("RGB", (200, 100), "blue"), (200, 0))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def library_image(editor):
    return Image.objects.create(file=png("garden.png"), alt="Two leads in a garden", credit="tvN")


def library_url(view="changelist", *args):
    return reverse(f"admin:pictures_image_{view}", args=args)


# Records for what the image fields store.


def test_an_image_stored_through_a_field_gets_a_library_record_with_its_alt_text():
    drama = factories.DramaFactory(poster=png("poster.png"), poster_alt="The poster of Goblin")

    image = Image.objects.get(file=drama.poster.name)
    assert image.alt == "The poster of Goblin"
    assert (image.width, image.height) == (160, 90)
    assert image.focus == (0.5, 0.5)


def test_an_entry_items_credit_is_carried_over_and_a_reused_file_gets_no_second_record():
    author = factories.AuthorFactory(avatar=png("face.png"))  # an avatar has no alt text
    image = Image.objects.get(file=author.avatar.name)
    assert image.alt == ""
    entry = factories.full_entry(factories.PublishedListicleFactory())

    EntryScene.objects.create(
        entry=entry, image=author.avatar.name, image_alt="Her smile", credit="JTBC", position=5
    )

    image.refresh_from_db()
    assert Image.objects.filter(file=author.avatar.name).count() == 1
    assert (image.alt, image.credit) == ("Her smile", "JTBC")


def test_a_records_own_alt_text_is_never_overwritten_by_a_fields():
    drama = factories.DramaFactory(poster=png("poster.png"), poster_alt="First words")
    factories.DramaFactory(poster=drama.poster.name, poster_alt="Other words")

    assert Image.objects.get(file=drama.poster.name).alt == "First words"


def test_a_file_name_is_in_the_library_once():
    Image.objects.create(file=png("once.png"))
    name = Image.objects.get().file.name
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.create(file=name)


# Focal point.


@pytest.mark.parametrize("x, y", [(-0.01, 0.5), (0.5, 1.01), (2, 2)])
def test_a_focal_point_outside_the_picture_is_refused(library_image, x, y):
    library_image.focal_x, library_image.focal_y = x, y
    with pytest.raises(ValidationError) as refused:
        library_image.full_clean()
    assert set(refused.value.message_dict) <= {"focal_x", "focal_y"}
    with pytest.raises(IntegrityError), transaction.atomic():
        library_image.save()


def test_the_admin_refuses_a_focal_point_outside_the_picture_with_a_form_error(editor_client, library_image):
    page = editor_client.get(library_url("change", library_image.pk))
    response = editor_client.post(
        library_url("change", library_image.pk), form_values(page, "image_form", focal_x="1.5")
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 1.0." in response.content.decode()
    library_image.refresh_from_db()
    assert library_image.focal_x == 0.5


def test_crops_are_cut_around_the_focal_point_and_named_by_it():
    image = Image.objects.create(file=halves(), alt="Red and blue")
    name = image.file.name

    def square_colour():
        manifest = renditions.read_manifest(name, default_storage)
        square = manifest["crops"]["square"]
        fallback = square["sources"][-1]["srcset"][-1][0]
        with default_storage.open(fallback) as stored, Picture.open(stored) as cropped:
            return fallback, cropped.convert("RGB").getpixel((cropped.width // 2, cropped.height // 2))

    renditions.make_for(name)
    centre_name, centre = square_colour()
    image.focal_x, image.focal_y = 0.1, 0.5
    image.save()
    assert renditions.make_for(name) == renditions.MADE  # what the save queued
    left_name, left = square_colour()
    image.focal_x = 0.9
    image.save()
    renditions.make_for(name)
    right_name, right = square_colour()

    assert left[0] > 200 and left[2] < 50  # red
    assert right[2] > 200 and right[0] < 50  # blue
    assert len({centre_name, left_name, right_name}) == 3
    assert "/crops/0100-0500/" in left_name and "/crops/0900-0500/" in right_name


def test_moving_the_focal_point_purges_the_pages_that_show_the_image(
    library_image, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.FRONTEND_CACHE_BACKENDS = ["nginx"]
    settings.FRONTEND_CACHE_NGINX_URL = "http://127.0.0.1:9"
    settings.FRONTEND_CACHE_BASE_URLS = ["http://testserver"]
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 0
    purged = set()
    monkeypatch.setattr(
        frontend_cache, "purge", lambda urls: purged.update(u.removeprefix("http://testserver") for u in urls)
    )
    with django_capture_on_commit_callbacks(execute=True):  # its renditions made, its pages purged
        listicle = factories.PublishedListicleFactory(hero_image=library_image.file.name, hero_alt="Garden")
        drama = factories.DramaFactory(poster=library_image.file.name, poster_alt="Garden")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        library_image.focal_x = 0.2
        library_image.save()
        tasks.make_renditions_of.apply(args=[library_image.file.name])  # what the save queued

    assert {listicle.get_absolute_url(), drama.get_absolute_url()} <= purged
    manifest = renditions.read_manifest(library_image.file.name, default_storage)
    assert manifest["focus"] == [0.2, 0.5]


def test_only_moving_the_focal_point_queues_new_crops(library_image, monkeypatch):
    queued = []
    monkeypatch.setattr("pictures.tasks.queue", queued.append)
    library_image.alt = "New words"
    library_image.save()
    assert queued == []

    library_image.focal_y = 0.3
    library_image.save()
    assert queued == [library_image.file.name]


def test_the_article_page_serves_the_crop_of_the_current_focal_point(client, library_image):
    listicle = factories.PublishedListicleFactory(hero_image=library_image.file.name, hero_alt="Garden")
    renditions.make_for(library_image.file.name)
    before = client.get(listicle.get_absolute_url()).content.decode()
    library_image.focal_x, library_image.focal_y = 0.25, 0.75
    library_image.save()
    renditions.make_for(library_image.file.name)

    after = client.get(listicle.get_absolute_url()).content.decode()

    assert "/crops/0500-0500/wide-" in before
    assert "/crops/0250-0750/wide-" in after and "/crops/0500-0500/" not in after


# The library's admin.


def test_an_editor_uploads_into_the_library(editor_client, editor, settings):
    response = editor_client.post(
        library_url("add"),
        {"file": png("new.png"), "alt": "A new still", "credit": "SBS", "caption": "Episode 3"},
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("library/") and image.uploaded_by == editor
    assert (image.alt, image.credit, image.caption) == ("A new still", "SBS", "Episode 3")
    assert image.file.name in stored_files(settings)


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(editor_client, settings):
    fake = SimpleUploadedFile("still.png", b"%PDF-1.4 not a picture", content_type="image/png")

    response = editor_client.post(library_url("add"), {"file": fake, "alt": "x"})

    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Image.objects.exists()
    assert not any(name.startswith("library/") for name in stored_files(settings))


def test_the_library_is_searched_by_alt_text_credit_caption_and_file_name(editor_client, library_image):
    Image.objects.create(file=png("other.png"), alt="A rooftop at night", caption="Episode 9")

    def found(query):
        response = editor_client.get(library_url(), {"q": query})
        return {str(image) for image in response.context["cl"].result_list}

    assert found("garden") == {"Two leads in a garden"}
    assert found("tvN") == {"Two leads in a garden"}
    assert found("episode 9") == {"A rooftop at night"}
    assert found("other") == {"A rooftop at night"}


def test_the_change_page_shows_the_picture_to_click_and_the_number_fields(editor_client, library_image):
    page = editor_client.get(library_url("change", library_image.pk)).content.decode()

    assert "data-focal-picture" in page and 'name="focal_x"' in page and 'name="focal_y"' in page
    assert "pictures/focal_point.js" in page
    assert 'name="file"' not in page  # the stored file never changes under the rows naming it


def test_the_library_list_query_count_does_not_grow_with_images(editor_client, django_assert_max_num_queries):
    Image.objects.create(file=png("first.png"), alt="First")
    with django_assert_max_num_queries(12) as few:
        editor_client.get(library_url())
    for number in range(15):
        Image.objects.create(file=png(f"more{number}.png"), alt=f"More {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(library_url(), {"q": "more"})

    assert response.context["cl"].result_count == 15


def test_the_popup_list_returns_a_click_to_the_field_that_opened_it(editor_client, library_image):
    page = editor_client.get(library_url(), {"_popup": "1", "_to_field": "id", "q": "garden"})

    assert f'data-popup-opener="{library_image.pk}"' in page.content.decode()


def test_the_choice_answers_what_the_picker_shows(editor_client, library_image):
    answer = editor_client.get(library_url("choice", library_image.pk)).json()

    assert answer["name"] == library_image.file.name and answer["alt"] == "Two leads in a garden"
    assert answer["url"] == library_image.file.url
    assert editor_client.get(library_url("choice", 999999)).status_code == 404


# Permissions.


def test_staff_without_the_library_permissions_cannot_use_it(client, library_image):
    staff = factories.UserFactory(username="intern", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_drama", "change_drama"]))
    client.force_login(staff)
    drama = factories.DramaFactory()

    assert client.get(library_url()).status_code == 403
    assert client.get(library_url("add")).status_code == 403
    assert client.get(library_url("choice", library_image.pk)).status_code == 404
    page = client.get(reverse("admin:dramas_drama_change", args=[drama.pk]))
    assert "Choose from the library" not in page.content.decode()
    response = client.post(
        reverse("admin:dramas_drama_change", args=[drama.pk]),
        form_values(page, "drama_form", poster_library=str(library_image.pk), poster_alt="Alt"),
    )
    assert response.status_code == 200
    assert "You may not use the media library" in response.content.decode()
    drama.refresh_from_db()
    assert not drama.poster


def test_writers_use_the_library_but_only_editors_delete_from_it(client, writer, editor, library_image):
    assert writer.has_perms(["pictures.view_image", "pictures.add_image", "pictures.change_image"])
    assert not writer.has_perm("pictures.delete_image")
    assert editor.has_perm("pictures.delete_image")
    client.force_login(writer)
    assert client.get(library_url()).status_code == 200
    assert client.post(library_url("delete", library_image.pk), {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=library_image.pk).exists()


# The picker.


def test_choosing_a_library_image_names_the_same_file_and_fills_the_empty_alt_text(
    editor_client, library_image, settings
):
    drama = factories.DramaFactory()
    page = editor_client.get(reverse("admin:dramas_drama_change", args=[drama.pk]))
    assert "Choose from the library" in page.content.decode()
    files_before = stored_files(settings)

    response = editor_client.post(
        reverse("admin:dramas_drama_change", args=[drama.pk]),
        form_values(page, "drama_form", poster_library=str(library_image.pk), poster_alt=""),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    drama.refresh_from_db()
    assert drama.poster.name == library_image.file.name
    assert drama.poster_alt == "Two leads in a garden"
    assert not {name for name in stored_files(settings) - files_before if not name.startswith("renditions/")}
    assert Image.objects.count() == 1


def test_an_alt_text_typed_by_the_editor_is_kept_when_choosing(editor_client, library_image):
    drama = factories.DramaFactory()
    page = editor_client.get(reverse("admin:dramas_drama_change", args=[drama.pk]))

    editor_client.post(
        reverse("admin:dramas_drama_change", args=[drama.pk]),
        form_values(page, "drama_form", poster_library=str(library_image.pk), poster_alt="My own words"),
    )

    drama.refresh_from_db()
    assert (drama.poster.name, drama.poster_alt) == (library_image.file.name, "My own words")


@pytest.mark.parametrize("chosen", ["999999", "abc", "1; DROP TABLE"])
def test_an_unknown_library_id_is_a_form_error_and_nothing_changes(editor_client, chosen):
    drama = factories.DramaFactory(poster=png("kept.png"), poster_alt="Kept")
    page = editor_client.get(reverse("admin:dramas_drama_change", args=[drama.pk]))

    response = editor_client.post(
        reverse("admin:dramas_drama_change", args=[drama.pk]),
        form_values(page, "drama_form", poster_library=chosen),
    )

    assert response.status_code == 200
    assert "There is no image" in response.content.decode()
    assert Drama.objects.get(pk=drama.pk).poster.name == drama.poster.name


def test_an_upload_in_place_wins_over_a_library_choice(editor_client, library_image):
    drama = factories.DramaFactory()
    page = editor_client.get(reverse("admin:dramas_drama_change", args=[drama.pk]))

    editor_client.post(
        reverse("admin:dramas_drama_change", args=[drama.pk]),
        form_values(
            page,
            "drama_form",
            poster=png("fresh.png"),
            poster_library=str(library_image.pk),
            poster_alt="Fresh",
        ),
    )

    drama.refresh_from_db()
    assert drama.poster.name.startswith("dramas/posters/fresh")
    assert Image.objects.filter(file=drama.poster.name, alt="Fresh").exists()


@pytest.mark.parametrize(
    "admin_url",
    [
        lambda: reverse("admin:dramas_actor_add"),
        lambda: reverse("admin:dramas_scene_add"),
        lambda: reverse("admin:articles_author_add"),
        lambda: reverse("admin:articles_listicle_add"),
    ],
)
def test_every_image_field_has_the_picker(editor_client, admin_url):
    page = editor_client.get(admin_url()).content.decode()

    assert "Choose from the library" in page and "pictures/picker.js" in page
    assert "_popup=1" in page


# The data migration.


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_stored_image_a_record_and_touches_no_file(settings):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("pictures", "0001_media_library"), ("dramas", "0004_search_indexes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    poster = default_storage.save("dramas/posters/old.png", png())
    photo = default_storage.save("actors/old.png", png(colour="olive"))
    renditions.make(poster, default_storage)
    old.get_model("dramas", "Drama").objects.create(title="A", slug="a", poster=poster, poster_alt="Poster A")
    old.get_model("dramas", "Drama").objects.create(title="B", slug="b", poster=poster, poster_alt="Poster B")
    old.get_model("dramas", "Actor").objects.create(name="C", slug="c", photo=photo, photo_alt="")
    old.get_model("dramas", "Actor").objects.create(name="D", slug="d", photo="actors/missing.png")
    files = {name: (settings.MEDIA_ROOT / name).read_bytes() for name in stored_files(settings)}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    records = {image.file.name: image for image in Image.objects.all()}
    assert set(records) == {poster, photo, "actors/missing.png"}
    assert records[poster].alt == "Poster A" and records[poster].focus == (0.5, 0.5)
    assert (records[photo].width, records[photo].height) == (160, 90)
    assert records["actors/missing.png"].width is None  # kept, without a size
    assert {name: (settings.MEDIA_ROOT / name).read_bytes() for name in stored_files(settings)} == files


def test_an_upload_in_the_pickers_popup_is_chosen_for_the_field_that_opened_it(editor_client):
    response = editor_client.post(
        library_url("add") + "?_popup=1&_to_field=id",
        {"file": png("in-place.png"), "alt": "Uploaded from the picker", "_popup": "1", "_to_field": "id"},
    )

    image = Image.objects.get()
    assert response.status_code == 200  # the page that hands the new id to the picker, then closes
    assert response.context["popup_response_data"] == json.dumps(
        {"value": str(image.pk), "obj": "Uploaded from the picker"}
    )


def test_the_share_card_gets_a_new_address_when_the_focal_point_moves(library_image):
    from articles.share_cards import card_key

    listicle = factories.PublishedListicleFactory(hero_image=library_image.file.name, hero_alt="Garden")
    renditions.make_for(library_image.file.name)
    centred = card_key(listicle)
    library_image.focal_x = 0.1
    library_image.save()
    renditions.make_for(library_image.file.name)

    assert card_key(listicle) != centred


def test_an_entry_items_picker_fills_that_items_alt_text(editor_client, library_image):
    entry = factories.full_entry(factories.ListicleFactory())
    item = EntryScene.objects.create(entry=entry, image=png("item.png"), image_alt="", position=9)
    page = editor_client.get(reverse("admin:articles_entry_change", args=[entry.pk]))
    formset = page.context["inline_admin_formsets"][0].formset
    index = next(number for number, form in enumerate(formset.forms) if form.instance.pk == item.pk)
    field = f"{formset.prefix}-{index}-image"
    assert f'id="lookup_id_{field}_library"' in page.content.decode()

    response = editor_client.post(
        reverse("admin:articles_entry_change", args=[entry.pk]),
        form_values(page, "entry_form", **{f"{field}_library": str(library_image.pk)}),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.image.name, item.image_alt) == (library_image.file.name, "Two leads in a garden")

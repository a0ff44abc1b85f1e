"""The editor's own autosave of the listicle page, kept on the server: who may write and read it,
what it refuses, and when a save of the form clears it."""

import io
import json
import threading
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Status
from newsroom import autosaves
from newsroom.models import Autosave, AutosaveFile
from pictures.decoding import MAX_IMAGE_BYTES
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db

PAGE = "tab-0123456789"


@pytest.fixture
def article(writer):
    return factories.ListicleFactory(title="Confession scenes", created_by=writer)


def browser_of(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def token_of(browser):
    """The CSRF token the admin's pages give a browser, to send as X-CSRFToken as the page does."""
    browser.get(reverse("admin:index"))
    return browser.cookies["csrftoken"].value


def png(name="still.png", size=(64, 36)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def url(name, listicle=None, *args):
    if listicle is None:
        return reverse(f"admin:articles_listicle_add_{name}", args=args)
    return reverse(f"admin:articles_listicle_{name}", args=[listicle.pk, *args])


def state(**fields):
    return json.dumps({"values": [[name, value] for name, value in fields.items()], "labels": {}})


def autosave(browser, listicle=None, *, values=None, kept=(), token=None, **files):
    data = {
        "values": values if values is not None else state(title="Half a headline"),
        "loaded_version": "v1",
        "page": PAGE,
        "kept_files": json.dumps(list(kept)),
        **files,
    }
    return browser.post(url("autosave", listicle), data, headers={"X-CSRFToken": token or token_of(browser)})


def test_the_page_keeps_its_state_and_files_in_the_editors_own_autosave(writer, article):
    browser = browser_of(writer)

    answer = autosave(browser, article, hero_image=png())

    assert answer.status_code == 200
    kept = answer.json()
    assert [item["name"] for item in kept["files"]] == ["hero_image"]
    saved = browser.get(url("autosave_saved", article))
    assert {"private", "no-store"} <= {part.strip() for part in saved["Cache-Control"].split(",")}
    assert saved.json()["values"] == [["title", "Half a headline"]]
    assert saved.json()["version"] == "v1"
    image = browser.get(saved.json()["files"][0]["url"])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert {"private", "no-store"} <= {part.strip() for part in image["Cache-Control"].split(",")}
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_a_later_autosave_replaces_the_values_and_keeps_a_file_still_chosen(writer, article):
    browser = browser_of(writer)
    autosave(browser, article, hero_image=png())

    autosave(browser, article, values=state(title="A whole headline"), kept=["hero_image"])
    assert AutosaveFile.objects.filter(name="hero_image").count() == 1
    autosave(browser, article, values=state(title="A whole headline"), kept=[])

    assert Autosave.objects.get().values["values"] == [["title", "A whole headline"]]
    assert not AutosaveFile.objects.exists()  # the editor emptied the input


def test_the_add_page_has_one_autosave_per_editor(writer):
    browser = browser_of(writer)
    token = token_of(browser)
    autosave(browser, values=state(title="First"), token=token)
    autosave(browser, values=state(title="Second"), token=token)

    assert Autosave.objects.filter(user=writer, listicle=None).count() == 1
    assert browser.get(url("autosave_saved")).json()["values"] == [["title", "Second"]]


def test_without_the_csrf_header_nothing_is_kept(writer, article):
    browser = browser_of(writer)
    answer = browser.post(url("autosave", article), {"values": state(), "page": PAGE})
    assert answer.status_code == 403
    assert not Autosave.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_kept(client, article):
    answer = client.post(url("autosave", article), {"values": state(), "page": PAGE})
    assert answer.status_code == 302
    assert "/login/" in answer["Location"]
    assert client.get(url("autosave_saved", article)).status_code == 302
    assert not Autosave.objects.exists()


def test_a_writer_cannot_autosave_an_article_they_may_not_change(writer):
    others = factories.ListicleFactory(title="Somebody else's")
    in_review = factories.ListicleFactory(title="Theirs in review", status=Status.REVIEW, created_by=writer)
    browser = browser_of(writer)
    token = token_of(browser)

    for listicle in (others, in_review):
        answer = autosave(browser, listicle, token=token)
        assert answer.status_code == 403, listicle
        assert answer.json() == {"error": "You may not change this article."}
        assert browser.get(url("autosave_saved", listicle)).status_code == 403
    assert not Autosave.objects.exists()


def test_staff_without_add_permission_cannot_autosave_the_add_page(db):
    staff = factories.UserFactory(username="intern", is_staff=True)
    answer = autosave(browser_of(staff))
    assert answer.status_code == 403


def test_an_unknown_article_is_a_404_with_the_reason(writer):
    answer = browser_of(writer).post(
        reverse("admin:articles_listicle_autosave", args=[999999]), {"values": state(), "page": PAGE}
    )
    # CSRF comes first: the page sends it, and so does this test.
    assert answer.status_code == 403
    browser = browser_of(writer)
    answer = browser.post(
        reverse("admin:articles_listicle_autosave", args=[999999]),
        {"values": state(), "page": PAGE},
        headers={"X-CSRFToken": token_of(browser)},
    )
    assert answer.status_code == 404
    assert "no such article" in answer.json()["error"]


def test_nobody_reads_another_editors_autosave_or_its_files(writer, editor, article):
    autosave(browser_of(writer), article, values=state(title="Writer's secret headline"), hero_image=png())
    file_id = AutosaveFile.objects.get().pk
    other = browser_of(editor)

    assert other.get(url("autosave_saved", article)).json() == {"saved": None}
    assert other.get(url("autosave_file", article, file_id)).status_code == 404
    assert other.get(url("autosave_file", None, file_id)).status_code == 404
    # The editor's own autosave of the same article is another one.
    autosave(other, article, values=state(title="Editor's headline"))
    assert Autosave.objects.filter(listicle=article).count() == 2
    assert browser_of(writer).get(url("autosave_saved", article)).json()["values"] == [
        ["title", "Writer's secret headline"]
    ]


def test_the_files_are_stored_where_the_public_cannot_reach_them(writer, article, settings):
    autosave(browser_of(writer), article, hero_image=png())
    stored = AutosaveFile.objects.get()

    path = storages["autosaves"].path(stored.file.name)
    assert stored.file.path == path  # where the setting says, outside MEDIA_ROOT
    assert storages["autosaves"].exists(stored.file.name)
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    assert Client().get(f"/media/{stored.file.name}").status_code == 404


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ("{not json", "values: not JSON"),
        ('["title", "x"]', 'values: a JSON object with a "values" list'),
        ('{"values": [["title", 3]]}', "values: each value must be a [name, value] pair of strings"),
        ('{"values": [], "labels": {"author": "x"}}', "labels: an object of {value: text} objects"),
    ],
)
def test_values_that_are_not_the_pages_state_are_a_400_with_the_reason(writer, article, values, reason):
    answer = autosave(browser_of(writer), article, values=values)
    assert answer.status_code == 400
    assert answer.json()["error"].startswith(reason)
    assert not Autosave.objects.exists()


def test_values_over_two_megabytes_are_a_400(writer, article):
    answer = autosave(browser_of(writer), article, values=state(intro="x" * (2 * 1024 * 1024)))
    assert answer.status_code == 400
    assert answer.json()["error"] == "values: at most 2 MB of form values"


def test_a_body_over_the_sites_form_limit_is_a_400_not_a_500(writer, article, settings):
    browser = browser_of(writer)
    token = token_of(browser)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    answer = autosave(browser, article, token=token, values=state(intro="x" * 2000))
    assert answer.status_code == 400
    assert not Autosave.objects.exists()


def test_a_file_that_is_not_an_image_the_site_accepts_is_a_400(writer, article):
    browser = browser_of(writer)
    token = token_of(browser)
    svg = SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")
    fake = SimpleUploadedFile("still.png", b"not an image at all", "image/png")

    answer = autosave(browser, article, token=token, hero_image=svg)
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("hero_image: only jpg, jpeg, png, gif, webp images")
    answer = autosave(browser, article, token=token, hero_image=fake)
    assert answer.status_code == 400
    assert (
        answer.json()["error"]
        == "hero_image: Upload a valid image. The file is not an image or it is damaged."
    )
    assert not AutosaveFile.objects.exists()


def test_a_file_over_the_image_upload_limit_is_a_400(writer, article):
    big = SimpleUploadedFile("huge.png", png().read() + b"\0" * MAX_IMAGE_BYTES, "image/png")
    answer = autosave(browser_of(writer), article, hero_image=big)
    assert answer.status_code == 400
    assert answer.json()["error"] == "hero_image: images may be at most 5 MB"


def test_a_page_without_an_id_is_a_400(writer, article):
    browser = browser_of(writer)
    answer = browser.post(
        url("autosave", article),
        {"values": state(), "page": "<script>"},
        headers={"X-CSRFToken": token_of(browser)},
    )
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("page:")


def test_reading_and_writing_is_not_allowed_the_other_way(writer, article):
    browser = browser_of(writer)
    assert browser.get(url("autosave", article)).status_code == 405
    assert (
        browser.post(url("autosave_saved", article), headers={"X-CSRFToken": token_of(browser)}).status_code
        == 405
    )


def test_the_autosave_endpoint_makes_a_fixed_number_of_queries(
    writer, article, django_assert_max_num_queries
):
    browser = browser_of(writer)
    token = token_of(browser)
    autosave(browser, article, token=token, hero_image=png())
    with django_assert_max_num_queries(14):
        assert autosave(browser, article, token=token, kept=["hero_image"]).status_code == 200
    with django_assert_max_num_queries(10):
        assert browser.get(url("autosave_saved", article)).status_code == 200


# The change page and its saves.


def change_url(listicle):
    return reverse("admin:articles_listicle_change", args=[listicle.pk])


def test_the_change_page_says_when_the_editors_autosave_is_newer_than_the_last_save(writer, article):
    browser = browser_of(writer)
    page = browser.get(change_url(article)).content.decode()
    assert 'id="autosave"' in page and 'data-newer=""' in page

    autosave(browser, article)
    page = browser.get(change_url(article)).content.decode()
    assert f'data-newer="{Autosave.objects.get().updated.isoformat()}"' in page


def test_an_autosave_older_than_the_last_save_is_not_offered(writer, article):
    browser = browser_of(writer)
    autosave(browser, article)
    Autosave.objects.update(updated=timezone.now() - timedelta(hours=1))  # somebody saved since

    page = browser.get(change_url(article)).content.decode()
    assert 'data-newer=""' in page


def test_a_successful_save_clears_the_editors_autosave_and_only_theirs(
    writer, editor, article, django_capture_on_commit_callbacks
):
    browser = browser_of(writer)
    autosave(browser, article, hero_image=png())
    autosave(browser_of(editor), article, values=state(title="The editor's"))
    stored = AutosaveFile.objects.get().file.name
    assert storages["autosaves"].exists(stored)
    data = form_values(browser.get(change_url(article)), dek="Saved at last", _continue="Save")
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value

    with django_capture_on_commit_callbacks(execute=True):
        saved = browser.post(change_url(article), data)

    assert saved.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["editor"]
    assert not storages["autosaves"].exists(stored)


def test_a_late_autosave_of_a_page_that_was_saved_is_ignored(writer, article):
    browser = browser_of(writer)
    data = form_values(browser.get(change_url(article)), dek="Saved", _continue="Save")
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value
    data["_autosave_page"] = PAGE
    assert browser.post(change_url(article), data).status_code == 302

    answer = autosave(browser, article)

    assert answer.status_code == 409
    assert not Autosave.objects.exists()


def test_a_refused_save_keeps_the_files_it_carried_for_the_page_to_put_back(writer, article):
    browser = browser_of(writer)
    data = form_values(
        browser.get(change_url(article)), title="", hero_image=png("hero.png"), _continue="Save"
    )
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value
    data["_autosave_submission"] = "submission-0001"

    refused = browser.post(change_url(article), data)

    assert refused.status_code == 200
    assert "errornote" in refused.content.decode()
    kept = browser.get(url("autosave_saved", article)).json()["files"]
    assert [(item["name"], item["filename"], item["submission"]) for item in kept] == [
        ("hero_image", "hero.png", "submission-0001")
    ]


def test_a_refused_new_article_keeps_its_files_in_the_add_pages_autosave(writer):
    browser = browser_of(writer)
    add = reverse("admin:articles_listicle_add")
    data = form_values(browser.get(add), title="", hero_image=png("hero.png"), _save="Save")
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value

    assert browser.post(add, data).status_code == 200
    assert Autosave.objects.get(user=writer).listicle is None
    assert AutosaveFile.objects.get().filename == "hero.png"


def test_discarding_the_draft_clears_the_editors_autosave(editor):
    live = factories.PublishedListicleFactory(title="Live one")
    factories.full_entry(live)
    browser = browser_of(editor)
    data = form_values(browser.get(change_url(live)), dek="A new dek for the draft", _continue="Save")
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value
    assert browser.post(change_url(live), data).status_code == 302
    token = token_of(browser)

    autosave(browser, live, token=token)
    assert browser.post(url("draft_discard", live), headers={"X-CSRFToken": token}).status_code == 303
    assert not Autosave.objects.exists()


def test_old_autosaves_are_pruned_with_their_files(
    writer, editor, article, django_capture_on_commit_callbacks
):
    autosave(browser_of(writer), article, hero_image=png())
    autosave(browser_of(editor), article)
    stored = AutosaveFile.objects.get().file.name
    assert storages["autosaves"].exists(stored)
    Autosave.objects.filter(user=writer).update(updated=timezone.now() - timedelta(days=31))
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_autosaves", stdout=out)

    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["editor"]
    assert not storages["autosaves"].exists(stored)
    assert "Deleted 1 autosave" in out.getvalue()


def test_a_file_no_autosave_names_is_pruned_once_old(db, time_machine, django_capture_on_commit_callbacks):
    storage = storages["autosaves"]
    name = storage.save("2026/01/left.png", io.BytesIO(b"x"))
    time_machine.move_to(timezone.now() + timedelta(days=autosaves.KEEP_DAYS + 1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_autosaves", stdout=io.StringIO())

    assert not storage.exists(name)


def test_beat_prunes_old_autosaves_every_day(writer, article, settings):
    from newsroom.tasks import prune_autosaves

    autosave(browser_of(writer), article)
    Autosave.objects.update(updated=timezone.now() - timedelta(days=autosaves.KEEP_DAYS + 1))

    prune_autosaves.delay()

    assert not Autosave.objects.exists()
    assert settings.CELERY_BEAT_SCHEDULE["prune-autosaves"]["schedule"] == timedelta(days=1)


def test_publishing_the_draft_clears_the_editors_autosave(editor):
    live = factories.PublishedListicleFactory(title="Live one")
    factories.full_entry(live)
    browser = browser_of(editor)
    data = form_values(browser.get(change_url(live)), dek="A new dek for the draft", _continue="Save")
    data["csrfmiddlewaretoken"] = browser.cookies["csrftoken"].value
    assert browser.post(change_url(live), data).status_code == 302
    token = token_of(browser)
    autosave(browser, live, token=token)

    published = browser.post(url("draft_publish", live), headers={"X-CSRFToken": token})

    assert published.status_code == 303
    live.refresh_from_db()
    assert live.dek == "A new dek for the draft"
    assert not Autosave.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
def test_two_tabs_autosaving_at_the_same_moment_keep_one_autosave(writer, article):
    """The editor's first autosave of an article, sent by two tabs at once: one row, no error."""
    browsers = [browser_of(writer) for _ in range(2)]
    tokens = [token_of(browser) for browser in browsers]
    start = threading.Barrier(2)
    results = []

    def send(index):
        start.wait()
        try:
            results.append(
                autosave(
                    browsers[index], article, values=state(title=f"Tab {index}"), token=tokens[index]
                ).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [200, 200]
    assert Autosave.objects.get().values["values"] in ([["title", "Tab 0"]], [["title", "Tab 1"]])

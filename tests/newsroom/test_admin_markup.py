"""The newsroom's admin pages are valid HTML: the Nu Html Checker (the W3C's validator, vnu-jar from
tests/quality/package.json, run with this machine's Java) reports no error on them, as it does on the
readers' pages (tests/quality/run). Screen readers and browsers then read the forms as written:
every label names a control, every picker's empty choice is a choice."""

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle
from newsroom.templatetags.newsroom_time import html_datetime
from pictures.models import Image
from tests import factories

VNU = (
    Path(__file__).resolve().parents[1]
    / "quality"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
SLUG = "12-most-memorable-k-drama-confession-scenes"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="needs Java 11+ for the Nu Html Checker"),
    pytest.mark.skipif(not VNU.exists(), reason="needs the Nu Html Checker: run `npm ci` in tests/quality"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The demo accounts' passwords are hashed on every run; a fast hasher keeps this quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def admin_pages():
    listicle = Listicle.objects.get(slug=SLUG)
    entry = listicle.entries.first()
    image = Image.objects.order_by("pk").first()
    return {
        "index": reverse("admin:index"),
        "listicle-add": reverse("admin:articles_listicle_add"),
        "listicle-change": reverse("admin:articles_listicle_change", args=[listicle.pk]),
        "entry-change": reverse("admin:articles_entry_change", args=[entry.pk]),
        "moderation-queue": reverse("admin:comments_comment_changelist"),
        "media-library": reverse("admin:pictures_image_changelist"),
        "image-change": reverse("admin:pictures_image_change", args=[image.pk]),
    }


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java 11+ for the Nu Html Checker")
@pytest.mark.skipif(not VNU.exists(), reason="needs the Nu Html Checker: run `npm ci` in tests/quality")
def test_the_newsrooms_admin_pages_have_no_html_errors(client, capsys, tmp_path):
    call_command("loaddemo")
    capsys.readouterr()
    client.force_login(get_user_model().objects.get(username="editor"))
    files = []
    for name, url in admin_pages().items():
        response = client.get(url)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "text", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_required_picker_starts_with_its_empty_choice_labelled(client, editor):
    entry = factories.EntryFactory()
    client.force_login(editor)

    html = client.get(reverse("admin:articles_entry_change", args=[entry.pk])).content.decode()

    drama = html[html.index('<select name="drama" required') :]
    drama = drama[: drama.index("</select>")]
    assert drama.index('<option value="" label="---------"></option>') < drama.index("selected>")


def test_hidden_fields_have_no_label_and_still_carry_their_value(client, editor):
    listicle = factories.ListicleFactory()
    factories.EntryFactory(listicle=listicle)
    client.force_login(editor)

    html = client.get(reverse("admin:articles_listicle_change", args=[listicle.pk])).content.decode()

    assert '<input type="hidden" name="entries-0-position"' in html
    assert 'for="id_entries-0-position"' not in html
    assert 'for="id_loaded_version"' not in html
    assert '<label class="required" for="id_title">' in html


def test_an_empty_image_picker_shows_no_picture(client, editor):
    client.force_login(editor)

    html = client.get(reverse("admin:articles_listicle_add")).content.decode()

    assert "data-picker-link></a>" in html
    assert '<img src=""' not in html


def test_time_elements_are_to_the_second(settings):
    settings.TIME_ZONE = "Asia/Seoul"
    moment = timezone.make_aware(datetime(2026, 12, 7, 0, 41, 40, 77688), UTC)

    assert html_datetime(moment) == "2026-12-07T09:41:40+09:00"
    assert html_datetime(None) == ""

"""Oversized request bodies are refused from their Content-Length, before a byte is read."""

import pytest
from django.urls import reverse

from tests.reader_posts import url

pytestmark = pytest.mark.django_db

HUGE = 300 * 1024 * 1024


class UnreadableBody:
    """A body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_huge(client, path, length=HUGE):
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


def test_a_300_mb_multipart_post_to_the_admin_login_is_refused_without_being_read(client):
    response = post_huge(client, reverse("admin:login"))
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert "64.0\xa0KB" in response.content.decode()


def test_a_huge_reaction_from_an_anonymous_reader_is_refused_without_being_read(client, listicle):
    assert post_huge(client, url("react", listicle)).status_code == 413


def test_anonymous_bodies_just_over_the_cap_are_refused(client, settings):
    settings.ANONYMOUS_MAX_BODY_SIZE = 1000
    assert post_huge(client, "/", length=1001).status_code == 413


def test_an_editor_may_send_an_upload_sized_body_but_not_more(client, editor, settings):
    client.force_login(editor)
    path = reverse("admin:dramas_drama_add")
    response = client.post(path, {"title": "x" * 200, "notes": "y" * 200_000})
    assert response.status_code == 200  # the form answers, with its own errors
    assert post_huge(client, path).status_code == 413


def test_a_content_length_that_is_not_a_number_is_a_clear_400(client):
    response = client.generic("POST", "/", CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert b"Content-Length" in response.content


def test_nginx_caps_bodies_at_the_apps_signed_in_limit(settings):
    conf = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert f"client_max_body_size {settings.MAX_BODY_SIZE // (1024 * 1024)}m;" in conf


def test_pages_still_get_through(client, listicle):
    assert client.get(listicle.get_absolute_url()).status_code == 200

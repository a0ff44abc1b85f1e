"""Nothing one app server needs lives only in its own memory or disk: uploads through the storage API
(local folder served by nginx, or an S3-compatible bucket), sessions in the database."""

import importlib.util
import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories
from tests.admin_forms import form_values
from tests.test_settings import manage

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)
spec = importlib.util.spec_from_file_location("nginx_local", ROOT / "scripts" / "nginx_local.py")
nginx_local = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nginx_local)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "pink").save(buffer, "PNG")
    return buffer.getvalue()


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        return response.status, response.headers, response.read()


def upload_poster(client, editor, drama):
    client.force_login(editor)
    url = f"/admin/dramas/drama/{drama.pk}/change/"
    data = form_values(
        client.get(url),
        "drama_form",
        poster=SimpleUploadedFile("poster.png", png(), "image/png"),
        poster_alt="The poster",
    )
    assert client.post(url, data).status_code == 302
    drama.refresh_from_db()
    assert drama.poster
    return drama.poster


def test_a_signed_in_reader_stays_signed_in_when_the_cache_is_emptied(client):
    """Sessions are read through the cache but live in the database: a Redis restart (here, the
    cache emptied) signs nobody out, and signing out is not undone by a copy left in the cache."""
    from django.urls import reverse

    from tests.cache_keys import empty_cache

    reader = factories.UserFactory(username="stays")
    client.force_login(reader)
    empty_cache()
    assert client.get(reverse("accounts:me")).json()["signed_in"] is True
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:me")).json()["signed_in"] is False


@pytest.mark.skipif(shutil.which("nginx") is None, reason="needs nginx (apt-get install nginx)")
def test_an_uploaded_image_answers_200_from_deploy_nginx_conf_in_production(
    client, editor, tmp_path, settings
):
    poster = upload_poster(client, editor, factories.DramaFactory())
    port = free_port()
    work = tmp_path / "nginx"
    work.mkdir()
    nginx_local.start(work, port, settings.MEDIA_ROOT, [free_port()])
    try:
        for _ in range(50):
            try:
                status, headers, body = fetch(f"http://127.0.0.1:{port}{poster.url}")
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200
        assert body == png()
        assert headers["Content-Type"] == "image/png"
        assert headers["X-Content-Type-Options"] == "nosniff"
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(f"http://127.0.0.1:{port}/media/../../etc/passwd")
        assert missing.value.code in (400, 404)
    finally:
        subprocess.run(["kill", (work / "nginx.pid").read_text().strip()], check=False)


def test_media_storage_s3_needs_a_bucket():
    result = manage("check", MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_an_unknown_media_storage_stops_the_app_naming_it():
    result = manage("check", MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE" in result.stderr


def test_s3_settings_point_pages_and_the_csp_at_the_bucket():
    code = (
        "from django.conf import settings as s; from django.core.files.storage import storages; "
        "print(type(storages['default']).__name__, s.MEDIA_URL, s.READER_CSP['img-src'][-1])"
    )
    result = manage(
        "shell",
        "-c",
        code,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000/",
    )
    assert result.returncode == 0, result.stderr
    assert "S3Storage http://127.0.0.1:9000/media/ http://127.0.0.1:9000" in result.stdout


@pytest.fixture
def moto_server(tmp_path):
    """moto's standalone S3 server on loopback; the test is skipped where it cannot start."""
    pytest.importorskip("moto.server")
    pytest.importorskip("storages")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(endpoint + "/moto-api/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.skip("moto's server did not start")
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)


def test_an_image_uploaded_in_the_admin_is_stored_in_s3_and_served_from_it(
    client, editor, settings, moto_server
):
    import boto3

    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    boto3.client("s3", endpoint_url=moto_server, **credentials).create_bucket(Bucket="soompi-media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "soompi-media",
                "endpoint_url": moto_server,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": "public-read",
            },
        },
    }
    settings.MEDIA_URL = f"{moto_server}/soompi-media/"
    assert type(storages["default"]).__name__ == "S3Storage"
    drama = factories.DramaFactory()
    poster = upload_poster(client, editor, drama)
    assert poster.url.startswith(f"{moto_server}/soompi-media/")
    assert not (Path(settings.MEDIA_ROOT) / poster.name).exists(), "nothing on the app server's disk"
    status, headers, body = fetch(poster.url)
    assert status == 200
    assert body == png()
    page = client.get(f"/admin/dramas/drama/{drama.pk}/change/")
    assert f'href="{poster.url}"' in page.content.decode()

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Status
from tests import factories

API = "/api/v1"


def get(client, path, **headers):
    return client.get(API + path, **headers)


def jpeg(name, size=(800, 450)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def unseen(**kwargs):
    """One listicle of each kind readers may not see: draft, in review, scheduled, archived, and
    published without a publication time."""
    hour = timezone.timedelta(hours=1)
    past, future = timezone.now() - hour, timezone.now() + hour
    return [
        factories.ListicleFactory(slug="a-draft", status=Status.DRAFT, publish_at=past, **kwargs),
        factories.ListicleFactory(slug="in-review", status=Status.REVIEW, publish_at=past, **kwargs),
        factories.ListicleFactory(slug="scheduled", status=Status.PUBLISHED, publish_at=future, **kwargs),
        factories.ListicleFactory(slug="archived", status=Status.ARCHIVED, publish_at=past, **kwargs),
        factories.ListicleFactory(slug="no-time", status=Status.PUBLISHED, publish_at=None, **kwargs),
    ]


@pytest.fixture(autouse=True)
def _no_rate_limit_unless_asked(settings):
    """Tests make many requests from one address; the rate limit's own tests set it."""
    settings.API_RATE_PER_IP = 0

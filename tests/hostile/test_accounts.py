"""Comments, sign-up, sign-in and the account page, fed the hostile corpus: text is refused or kept as
text, never a 5xx, nothing executable on any page, nothing stored that should not be."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import ReaderProfile
from comments.models import Comment, CommentFlag, CommentLike, CommentStatus
from soompi.lookalikes import has_visible_content
from tests import factories
from tests.reader_posts import unlimited_addresses

from .conftest import reader_pages
from .corpus import DISGUISED_WORDS, TEXT, TEXT_IN_BULK, URLS, executable
from .endpoints import ACCOUNT_POSTS

pytestmark = pytest.mark.django_db

VALUES = {**TEXT_IN_BULK, "url-javascript": URLS["javascript"], "number-overflow": "9" * 40, "negative": "-1"}
CASES = [(post, field, name) for post in ACCOUNT_POSTS for field in post.fields for name in VALUES]
STACKED_MARKS = re.compile(r"[\u0300-\u036f]{3,}")


@pytest.fixture(autouse=True)
def _unlimited(settings):
    unlimited_addresses(settings)
    settings.COMMENT_RATE_PER_USER = "1000/m"
    settings.COMMENT_RATE_PER_IP = "1000/m"
    settings.FLAG_RATE_PER_USER = "1000/m"
    settings.ACCOUNT_RATE_LIMITS = False
    settings.AXES_ENABLED = False


@pytest.fixture
def reader(site):
    """A reader with a published comment of their own, so the comment actions have something to act on."""
    user = factories.reader_account("Hostile Reader", username="hostile-reader", email="reader@example.com")
    site.own = factories.CommentFactory(listicle=site.listicle, user=user, body="My own comment.")
    return user


def target_url(post, site):
    if post.target == "article":
        return reverse(post.name, args=[site.listicle.pk, site.listicle.slug])
    if post.target == "comment":
        return reverse(post.name, args=[site.own.pk])
    return reverse(post.name)


def stored_text():
    """Every reader-written text the database holds."""
    bodies = list(Comment.objects.values_list("body", flat=True))
    names = list(ReaderProfile.objects.values_list("display_name", flat=True))
    emails = list(get_user_model().objects.values_list("email", flat=True))
    return bodies + names + emails


@pytest.mark.parametrize(("post", "field", "payload"), CASES, ids=[f"{p}-{f}-{n}" for p, f, n in CASES])
def test_a_hostile_value_in_a_reader_account_form_is_refused_or_kept_as_text(
    client, site, reader, post, field, payload
):
    if post.signed_in:
        client.force_login(reader)
    data = {**post.valid, field: VALUES[payload]}
    if post.name == "account_signup":
        data["password2"] = data.get("password1", "")
    response = client.post(target_url(post, site), data)
    assert response.status_code < 500
    if response["Content-Type"].startswith("text/html"):
        assert not executable(response.content.decode())
    for text in stored_text():
        assert "\x00" not in text, f"stored a NUL: {text[:60]!r}"
        assert len(text) < 100_000, "stored a megabyte"
    for body in Comment.objects.filter(deleted__isnull=True).values_list("body", flat=True):
        assert has_visible_content(body), f"stored a comment nobody can see: {body[:20]!r}"
        assert not STACKED_MARKS.search(body), "stored a letter under three or more combining marks"
    if post.name == "account_login":
        assert "_auth_user_id" not in client.session, "a hostile sign-in signed someone in"
    for path in reader_pages(site):
        page = client.get(path)
        assert page.status_code == 200, path
        found = executable(page.content.decode())
        assert not found, f"{path}: {found}"


def test_a_hostile_comment_is_shown_as_text_to_readers_and_in_the_moderation_admin(
    admin_client, site, reader
):
    client = Client()
    client.force_login(reader)
    response = client.post(target_url(ACCOUNT_POSTS[0], site), {"body": TEXT_IN_BULK["markup"]})
    assert response.status_code == 303
    comment = Comment.objects.get(user=reader, body__startswith="<script>")
    assert "<script>alert(1)</script>" in comment.body, "text is kept as written"
    for path in [
        *reader_pages(site),
        reverse("admin:comments_comment_changelist"),
        reverse("admin:comments_comment_change", args=[comment.pk]),
    ]:
        page = admin_client.get(path)
        assert page.status_code == 200, path
        found = executable(page.content.decode())
        assert not found, f"{path}: {found}"


@pytest.mark.parametrize("post", [p for p in ACCOUNT_POSTS if p.signed_in], ids=str)
def test_a_reader_account_post_without_an_account_stores_nothing(client, site, reader, post):
    before = (Comment.objects.count(), CommentFlag.objects.count(), CommentLike.objects.count())
    response = client.post(target_url(post, site), post.valid)
    assert response.status_code in (302, 303, 401, 403)
    assert (Comment.objects.count(), CommentFlag.objects.count(), CommentLike.objects.count()) == before
    assert Comment.objects.get(pk=site.own.pk).deleted is None


@pytest.mark.parametrize("post", ACCOUNT_POSTS, ids=str)
def test_a_reader_account_post_without_its_csrf_token_is_refused(site, reader, post):
    client = Client(enforce_csrf_checks=True)
    if post.signed_in:
        client.force_login(reader)
    before = Comment.objects.count(), get_user_model().objects.count()
    response = client.post(target_url(post, site), post.valid)
    assert response.status_code == 403
    assert (Comment.objects.count(), get_user_model().objects.count()) == before


@pytest.mark.parametrize("payload", ["invisible-only", "combining-flood"])
@pytest.mark.parametrize("post", ACCOUNT_POSTS[:2], ids=str)
def test_a_comment_nobody_could_see_is_refused_when_posted_or_edited(client, site, reader, post, payload):
    client.force_login(reader)
    response = client.post(target_url(post, site), {"body": TEXT[payload]}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "Write something readers can see" in response.json()["error"]
    assert Comment.objects.get(pk=site.own.pk).body == "My own comment."
    assert not Comment.objects.filter(user=reader).exclude(pk=site.own.pk).exists()


@pytest.mark.parametrize("disguise", DISGUISED_WORDS)
def test_a_disguised_blocked_word_waits_for_moderation_like_the_word(client, site, reader, disguise):
    client.force_login(reader)
    body = f"Look: {DISGUISED_WORDS[disguise]} here"
    response = client.post(target_url(ACCOUNT_POSTS[0], site), {"body": body})
    assert response.status_code == 303
    comment = Comment.objects.get(user=reader, body=body)
    assert comment.status == CommentStatus.PENDING
    assert comment.held_for == "blocked"

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from comments.models import BlockedWord
from reactions.models import ReactionKind
from tests import factories


@pytest.fixture
def site(db):
    """A published article with everything its page shows, and the objects behind it."""
    author = factories.AuthorFactory(name="Bina", slug="bina")
    listicle = factories.PublishedListicleFactory(
        title="Confessions", slug="confessions", author=author, poll_question="Which one?"
    )
    entry = factories.full_entry(listicle)
    entry_scene = entry.scene_links.get()
    role = entry.quote_role
    return SimpleNamespace(
        listicle=listicle,
        entry=entry,
        entry_scene=entry_scene,
        author=author,
        drama=entry.drama,
        actor=role.actor,
        role=role,
        scene=entry_scene.scene,
        watch_link=entry.drama.watch_links.get(),
        reaction_kind=ReactionKind.objects.get(slug="love"),
        comment=factories.CommentFactory(listicle=listicle, body="A first, published comment."),
        blocked_word=BlockedWord.objects.create(word="spoilerbait"),
    )


@pytest.fixture
def editor_client(client, db):
    user = factories.UserFactory(username="hostile-editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def reader_pages(site):
    """The public pages that show what the admin forms edit: the article shows every one of them
    (the drama, the couple, the scene, the watch link, the author, the reaction kinds); the listing
    shows the title and dek."""
    site.listicle.refresh_from_db()
    return [
        site.listicle.get_absolute_url(),
        site.actor.get_absolute_url(),
        "/",
        reverse("articles:comments", args=[site.listicle.pk, site.listicle.slug]),
    ]

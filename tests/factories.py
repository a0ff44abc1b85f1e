"""Factories that build the least state a test needs."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Author, Entry, EntryScene, Listicle, Status
from dramas.models import Actor, Drama, Role, Scene, WatchLink


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class DramaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drama

    title = factory.Sequence(lambda n: f"Drama {n}")
    slug = factory.Sequence(lambda n: f"drama-{n}")
    year = 2016
    network = "tvN"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    drama = factory.SubFactory(DramaFactory)
    actor = factory.SubFactory(ActorFactory)
    character = factory.Sequence(lambda n: f"Character {n}")


class SceneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scene

    drama = factory.SubFactory(DramaFactory)
    title = factory.Sequence(lambda n: f"Scene {n}")
    episode = 3
    video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


class WatchLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WatchLink

    drama = factory.SubFactory(DramaFactory)
    provider = WatchLink.Provider.VIKI
    url = factory.Sequence(lambda n: f"https://www.viki.com/tv/{n}c-drama")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    bio = "Writes about dramas."


class ListicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listicle

    title = factory.Sequence(lambda n: f"Listicle {n}")
    slug = factory.Sequence(lambda n: f"listicle-{n}")
    author = factory.SubFactory(AuthorFactory)
    status = Status.DRAFT


class PublishedListicleFactory(ListicleFactory):
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    first_published_at = factory.SelfAttribute("publish_at")


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    listicle = factory.SubFactory(ListicleFactory)
    drama = factory.SubFactory(DramaFactory)
    position = factory.Sequence(lambda n: n)
    body = "Why this scene matters."


class EntrySceneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryScene

    entry = factory.SubFactory(EntryFactory)
    scene = factory.SubFactory(SceneFactory, drama=factory.SelfAttribute("..entry.drama"))
    position = factory.Sequence(lambda n: n)


def full_entry(listicle, position=0):
    """An entry with everything the page shows: quote, couple, scene, watch link."""
    drama = DramaFactory()
    lead = RoleFactory(drama=drama)
    partner = RoleFactory(drama=drama)
    WatchLinkFactory(drama=drama)
    entry = EntryFactory(
        listicle=listicle, drama=drama, position=position, quote="I like you.", quote_role=lead
    )
    entry.featuring.set([lead, partner])
    EntrySceneFactory(entry=entry, position=1, lead_in="Before the clip.", caption="After the clip.")
    return entry


def reader_account(display_name, **kwargs):
    """A reader with a public display name and a confirmed email address, as sign-up makes them."""
    from allauth.account.models import EmailAddress

    from accounts.models import ReaderProfile

    user = UserFactory(**kwargs)
    ReaderProfile.objects.create(user=user, display_name=display_name)
    if user.email:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def trusted_reader(display_name, **kwargs):
    """A reader in good standing, whose flags count (`comments.standing`): a verified email (as
    `reader_account` makes it), an account old enough and enough published comments."""
    from django.conf import settings

    user = reader_account(display_name, **kwargs)
    joined = timezone.now() - timezone.timedelta(days=settings.COMMENT_TRUSTED_AFTER_DAYS + 1)
    get_user_model().objects.filter(pk=user.pk).update(date_joined=joined)
    user.refresh_from_db()
    for _ in range(settings.COMMENT_TRUSTED_AFTER_COMMENTS):
        CommentFactory(user=user)
    return user


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.Comment"

    listicle = factory.SubFactory(PublishedListicleFactory)
    user = factory.Sequence(lambda n: reader_account(f"Commenter {n}", username=f"commenter{n}"))
    body = factory.Sequence(lambda n: f"Comment number {n}.")
    status = "published"

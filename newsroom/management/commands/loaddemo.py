import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from accounts.two_factor import has_second_factor, must_use_two_factor
from articles.models import Author, Listicle
from dramas.models import Actor, Drama
from interchange.files import load_file
from interchange.problems import InterchangeError
from newsroom.demo import artwork
from newsroom.demo.names import NATIVE_NAMES
from newsroom.imports import import_listicle
from soompi.site_address import site_url

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    group: str
    default_password: str
    password_variable: str = ""
    author_slug: str = ""

    @property
    def password(self):
        return os.environ.get(self.password_variable, "") or self.default_password

    @property
    def role(self):
        return f"{self.group}, writes as {self.author_slug}" if self.author_slug else self.group


ACCOUNTS = [
    DemoAccount("editor", "Editors", "soompi-editor-demo", password_variable="DEMO_EDITOR_PASSWORD"),
    DemoAccount(
        "writer",
        "Writers",
        "soompi-writer-demo",
        password_variable="DEMO_WRITER_PASSWORD",
        author_slug="binahearts",
    ),
]


class Command(BaseCommand):
    help = (
        "Load the demo content (every newsroom/demo/*.json file) and the demo editor and writer "
        "accounts. Safe to run again: existing content is updated in place, passwords are kept, and "
        "dramas, cast and scenes that live articles show are left as editors made them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-passwords",
            action="store_true",
            help="With DEBUG off, still create missing demo accounts with the README's passwords.",
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        if not settings.DEMO_PASSWORDS_ALLOWED and not options["allow_demo_passwords"]:
            self.refuse_published_passwords()
        with transaction.atomic():
            store_entry_images()
            results = [self.import_file(path) for path in sorted(DEMO_DIR.glob("*.json"))]
            add_pictures()
            add_native_names()
            accounts = [(account, self.ensure_account(account)) for account in ACCOUNTS]
        if not verbose:
            return
        for result in results:
            self.stdout.write(result.report())
        self.stdout.write(f"\nSign in at {site_url(reverse('admin:index'))}")
        for account, user in accounts:
            if user.check_password(account.password):
                password = account.password
            else:
                password = "(existing account: its password was changed and is left as it is)"
            self.stdout.write(f"  {account.username} / {password}  ({account.role}{second_factor(user)})")

    def refuse_published_passwords(self):
        """With DEBUG off, a new account must not get a password anyone can read in the README."""
        existing = set(
            get_user_model()
            .objects.filter(username__in=[a.username for a in ACCOUNTS])
            .values_list("username", flat=True)
        )
        for account in ACCOUNTS:
            if account.username not in existing and account.password == account.default_password:
                raise CommandError(
                    f"DEBUG is off: the demo account {account.username!r} would get its published "
                    f"password. Set {account.password_variable} to a private password, or pass "
                    "--allow-demo-passwords to create it anyway."
                )

    def import_file(self, path):
        try:
            return import_listicle(load_file(path), keep_live_rows=True)
        except InterchangeError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"The demo file {path.name} cannot be imported:\n{problems}") from None

    def ensure_account(self, account):
        """The account, created with its demo password, or left with the password it has."""
        try:
            group = Group.objects.get(name=account.group)
        except Group.DoesNotExist:
            message = f'The "{account.group}" group is missing: run "manage.py migrate" first.'
            raise CommandError(message) from None
        user, created = get_user_model().objects.get_or_create(username=account.username)
        if created:
            user.set_password(account.password)
        if created or not user.is_staff:
            user.is_staff = True
            user.save()
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        if account.author_slug:
            self.link_author(user, account.author_slug)
        return user

    def link_author(self, user, slug):
        author = Author.objects.filter(slug=slug).first()
        if author is None or author.user_id == user.pk:
            return
        if author.user_id is not None or Author.objects.filter(user=user).exists():
            self.stderr.write(f"Author {slug} or account {user.username} is linked elsewhere; left as is.")
            return
        author.user = user
        author.save(update_fields=["user"])


def second_factor(user):
    """What the account meets after its password (accounts.two_factor), as the printed note says it."""
    if not must_use_two_factor(user):
        return ""
    if has_second_factor(user):
        return "; then a code from the authenticator app set up earlier"
    return "; sets up two-factor sign-in on the first visit to the admin"


def store_entry_images():
    """The files the demo's image items name, made once: an editor's replacement is kept."""
    for name, make in artwork.ENTRY_IMAGES.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(make()))


def add_pictures():
    """Heroes, posters, photos and avatars for the demo rows that have none yet, so a second run
    (or an editor's own upload) changes nothing."""
    for listicle in Listicle.objects.filter(slug__in=artwork.HEROES, hero_image=""):
        attach(listicle, "hero_image", f"{listicle.slug}.jpg", artwork.hero(artwork.HEROES[listicle.slug]))
    for drama in Drama.objects.filter(slug__in=artwork.POSTERS, poster=""):
        drama.poster_alt = f"Poster of {drama.title}, {artwork.MADE_FOR_THE_DEMO}"
        content = artwork.poster(artwork.POSTERS[drama.slug], drama.title)
        attach(drama, "poster", f"{drama.slug}.jpg", content, "poster_alt")
    for actor in Actor.objects.filter(slug__in=artwork.PHOTOS, photo=""):
        actor.photo_alt = f"A placeholder portrait of {actor.name}, {artwork.MADE_FOR_THE_DEMO}"
        attach(actor, "photo", f"{actor.slug}.jpg", artwork.portrait(artwork.PHOTOS[actor.slug]), "photo_alt")
    for author in Author.objects.filter(slug__in=artwork.AVATARS, avatar=""):
        attach(author, "avatar", f"{author.slug}.jpg", artwork.avatar(artwork.AVATARS[author.slug]))


def add_native_names():
    """The cast's Hangul names where the actor has none yet (an editor's spelling is kept)."""
    for actor in Actor.objects.filter(name__in=NATIVE_NAMES, native_name=""):
        actor.native_name = NATIVE_NAMES[actor.name]
        actor.save(update_fields=["native_name"])


def attach(row, field, name, content, *also):
    getattr(row, field).save(name, ContentFile(content), save=False)
    row.save(update_fields=[field, *also])

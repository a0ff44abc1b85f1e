"""Every write readers would see, purged from the caches in front of the site once it commits.

Public pages are kept by nginx or a CDN for `PAGE_CACHE_SECONDS` (`articles.public`); a write
purges the pages that show it (`frontend_cache`) when its transaction commits, so the next reader
gets the change. Nothing runs unless a backend is configured (`frontend_cache.enabled()`).

What each write purges, for the live articles it touches (the article page always with the read
API's answers about it: `api_pages`):

- a reaction or a vote: the article page (its reaction box and poll), at most once a second per
  article (`throttled`) — the purge repeated after `FRONTEND_CACHE_REPEAT_SECONDS` catches the
  others; JavaScript readers see counts fresh from `articles:me` anyway;
- a like: the article and its pages of comments (each comment's likes), throttled the same way;
- a comment, a moderation decision, a flag that hides one, a renamed or erased account
  (`comments.invalidation`): the article, its pages of comments, and the listings with its
  comment count (home, its tags, its author);
- the article itself (edit, publish, unpublish, archive, restore, its entries, clips, tags,
  featured characters, author) and the knowledge base it shows (dramas, actors, roles, scenes,
  watch links, tags): all of the above, plus its drama and actor pages, the feeds and the sitemaps,
  and the read API's first pages of articles listing it (`api_listing_pages`);
  a change that moves a page elsewhere (a new slug, another tag, another drama) purges the pages
  of before and after, and the article's old addresses, whose redirects now lead elsewhere;
- a reaction kind (added, changed, reordered), or a row of any model declared to change every
  page (`page_invalidation.declare`): every page;
- an image's renditions made (`pictures.renditions.renditions_ready`): what saving the rows that
  show it purges, so pages kept while they showed the original get the renditions.

The pages of a write are gathered per transaction and purged once, after commit (a bulk moderation
of a hundred comments on three articles is one purge), before the write is answered. With a read
replica the purge waits (a second at most) until the replica has replayed the commit, since the
page a cache fetches again is read from it. It is repeated `FRONTEND_CACHE_REPEAT_SECONDS` later:
a request that began before the commit (a page fetched again in the background, or read from a
replica further behind) may have stored the old page meanwhile. A purge never fails a write.
"""

import logging
import math
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import ImageField, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.urls import reverse
from taggit.models import Tag, TaggedItem

import frontend_cache
from dramas.models import Actor, Drama, Role, Scene, WatchLink
from pictures.renditions import renditions_ready
from soompi.replicas import REPLICA, has_replica

from . import reader_parts
from .knowledge_base import listicles_showing
from .models import Author, Entry, EntryScene, Listicle
from .page_invalidation import ARTICLE, COMMENT_PAGES, LISTINGS, pages_of_sender, pages_updated

logger = logging.getLogger(__name__)

# How much of the site a write on an article changes is its scope (`page_invalidation`): the
# article page, its pages of comments, the listings with its comment count, everything showing it.
LISTING_PAGE_SIZE = 12  # ListicleListView.paginate_by
PAGES_PURGED_AT_MOST = 50  # deeper pages of a listing are fresh within PAGE_CACHE_SECONDS
REPLICA_WAIT_SECONDS = 1  # beyond it, the repeated purge catches a replica that lags more

_local = threading.local()


# The addresses of what readers see.


def listing(path, count):
    """A paginated listing's addresses: the first page as linked, and every ?page=N."""
    pages = min(max(1, math.ceil(count / LISTING_PAGE_SIZE)), PAGES_PURGED_AT_MOST)
    return {path} | {f"{path}?page={number}" for number in range(1, pages + 1)}


def article_pages(listicle, scope, threads=None):
    """The article page, and the reader parts' pages of it within `scope` (`reader_parts`: the
    page as each sort of its comments links to it, its pages of comments)."""
    urls = {listicle.get_absolute_url()}
    for part in reader_parts.parts():
        urls |= part.addresses(listicle, scope, threads)
    return urls


def api_pages(listicle):
    """The read API's answers about the article (`api.articles`), named by URL since the API is an
    app above this one: by id, by its slug, and its reaction counts."""
    return {
        reverse("api-v1:article_by_id", args=[listicle.pk]),
        reverse("api-v1:article_by_slug", args=[listicle.slug]),
        reverse("api-v1:article_reactions", args=[listicle.pk]),
    }


def api_listing_pages(listicle, dramas, actors):
    """The read API's first pages of articles that list it: all of them, and those filtered by its
    tags, author, dramas and actors (other page sizes and later pages expire with PAGE_CACHE_SECONDS)."""
    url = reverse("api-v1:list_articles")
    filters = [("tag", tag.slug) for tag in listicle.tags.all()]
    filters += [("drama", drama.slug) for drama in dramas] + [("actor", actor.slug) for actor in actors]
    if listicle.author:
        filters.append(("author", listicle.author.slug))
    return {url} | {f"{url}?{name}={slug}" for name, slug in filters}


def old_address_pages(listicle):
    """The listicle's old addresses, which answer with a redirect to the current one (nginx keeps
    it for s-maxage): the article and the parts' pages of it, as the pages link to them."""
    urls = set()
    for slug in listicle.old_addresses.values_list("slug", flat=True):
        urls.add(reverse("articles:detail", args=[listicle.pk, slug]))
        for part in reader_parts.parts():
            urls |= part.old_addresses(listicle, slug)
    return urls


def tag_pages(tag):
    count = Listicle.objects.published().filter(tags=tag).count()
    return listing(reverse("articles:tag", args=[tag.slug]), count) | {
        reverse("articles:tag_feed", args=[tag.slug])
    }


def author_pages(author):
    count = Listicle.objects.published().filter(author=author).count()
    return listing(author.get_absolute_url(), count) | {reverse("articles:author_feed", args=[author.slug])}


def home_pages():
    return listing(reverse("articles:home"), Listicle.objects.published().count())


def pages_of(listicle_id, scope, threads=None):
    """What readers see of the listicle within `scope` (and of these comment `threads`; None:
    every one): nothing unless it is live."""
    listicle = Listicle.objects.filter(pk=listicle_id).select_related("author").first()
    if listicle is None or not listicle.is_live:
        return set()
    urls = article_pages(listicle, scope, threads) | api_pages(listicle)
    if scope >= LISTINGS:
        urls |= home_pages()
        for tag in listicle.tags.all():
            urls |= tag_pages(tag)
        if listicle.author:
            urls |= author_pages(listicle.author)
    if scope >= ARTICLE:
        urls |= {
            reverse("articles:feed"),
            reverse("django.contrib.sitemaps.views.sitemap"),
            reverse("news_sitemap"),
        }
        urls |= old_address_pages(listicle)
        entries = Entry.objects.filter(listicle=listicle)
        dramas = Drama.objects.filter(entries__in=entries).distinct()
        credited = Q(roles__featured_in__in=entries) | Q(roles__quoted_in__in=entries)
        actors = Actor.objects.filter(credited).distinct()
        urls |= {drama.get_absolute_url() for drama in dramas}
        urls |= {actor.get_absolute_url() for actor in actors}
        urls |= api_listing_pages(listicle, dramas, actors)
    return urls


def knowledge_pages(obj):
    """The reader pages of a knowledge-base row, a tag or an author (without the articles)."""
    if isinstance(obj, Drama):  # with its cast's pages, which name it
        return {obj.get_absolute_url()} | {
            a.get_absolute_url() for a in Actor.objects.filter(roles__drama=obj)
        }
    if isinstance(obj, Actor):  # with the pages of the dramas whose cast names them
        return {obj.get_absolute_url()} | {
            d.get_absolute_url() for d in Drama.objects.filter(roles__actor=obj)
        }
    if isinstance(obj, Role):
        return {obj.drama.get_absolute_url(), obj.actor.get_absolute_url()}
    if isinstance(obj, Scene | WatchLink):
        return {obj.drama.get_absolute_url()}
    if isinstance(obj, Tag):
        return tag_pages(obj) | {d.get_absolute_url() for d in Drama.objects.filter(tags=obj)}
    if isinstance(obj, Author):
        return author_pages(obj)
    return set()


def listicles_of(obj):
    """Ids of the live or scheduled listicles that show a knowledge-base row, a tag or an author."""
    if isinstance(obj, Author):
        return list(obj.listicles.values_list("pk", flat=True))
    return [listicle.pk for listicle in listicles_showing(obj)]


# Gathering the pages of one transaction.


class Batch:
    """The pages a transaction changed: purged once, after it commits."""

    def __init__(self):
        self.urls = set()
        self.listicles = {}  # id: the widest scope a write asked for
        self.threads = {}  # id: the comment threads whose replies changed (None: any of them)
        self.before = set()  # ids whose pages as they were are in `urls` already
        self.everything = False
        self.registered = False

    def add(self, listicle_id, scope, threads=None):
        self.listicles[listicle_id] = max(scope, self.listicles.get(listicle_id, 0))
        known = self.threads.get(listicle_id, set())
        self.threads[listicle_id] = None if threads is None or known is None else known | set(threads)

    def add_before(self, listicle_id):
        """The listicle's pages as they are before this transaction changes it."""
        if listicle_id not in self.before:
            self.before.add(listicle_id)
            self.urls |= pages_of(listicle_id, ARTICLE)

    def pending(self, connection):
        """Whether the transaction that registered this batch is still open (not rolled back)."""
        return any(entry[1] == self.flush for entry in connection.run_on_commit)

    def flush(self):
        if getattr(_local, "batch", None) is self:
            _local.batch = None
        if not frontend_cache.enabled():
            return
        try:
            if self.everything:
                purge(everything=True)
                return
            urls = set(self.urls)
            for listicle_id, scope in self.listicles.items():
                urls |= pages_of(listicle_id, scope, self.threads[listicle_id])
            if urls:
                purge(sorted(urls))
        except Exception:  # noqa: BLE001 - the write is committed; a purge never fails it
            logger.exception("Could not work out which pages to purge")


def replica_caught_up(seconds=REPLICA_WAIT_SECONDS):
    """With a read replica, wait (`seconds` at most) until it has replayed this commit: the page a
    cache fetches again after the purge is read from it (`soompi.replicas`)."""
    if not has_replica():
        return True
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    deadline = time.monotonic() + seconds
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return True
            if time.monotonic() > deadline:
                logger.warning("The replica is more than %s s behind: purging anyway", seconds)
                return False
            time.sleep(0.005)


def purge(urls=(), *, everything=False):
    """Purge now, and once more FRONTEND_CACHE_REPEAT_SECONDS later in a thread of its own; each
    time once a read replica has replayed what was committed before."""

    def run():
        replica_caught_up()
        return frontend_cache.purge_all() if everything else frontend_cache.purge(urls)

    def again():
        try:
            run()
        except Exception:  # noqa: BLE001 - nobody waits for this thread's answer
            logger.exception("Could not purge again")
        finally:
            connections.close_all()  # this thread's own, opened to ask the replica

    run()
    seconds = settings.FRONTEND_CACHE_REPEAT_SECONDS
    if seconds > 0:
        timer = threading.Timer(seconds, again)
        timer.daemon = True
        timer.start()


def collect(add, *, final=True):
    """Apply `add(batch)` to this transaction's batch, purged when it commits. Outside a
    transaction a `final` write purges at once; a write's "before" step (final=False) waits for it."""
    if not frontend_cache.enabled():
        return
    connection = transaction.get_connection()
    batch = getattr(_local, "batch", None)
    if batch is None or (batch.registered and not batch.pending(connection)):
        batch = _local.batch = Batch()  # the first write, or its transaction was rolled back
    try:
        add(batch)
    except Exception:  # noqa: BLE001 - a purge never fails a write
        logger.exception("Could not work out which pages to purge")
    if connection.in_atomic_block:
        if not batch.registered:
            batch.registered = True
            transaction.on_commit(batch.flush)
    elif final:
        batch.flush()


@contextmanager
def set_apart():
    """Within: writes gather their pages in a batch of their own, which the caller's savepoint
    takes back with them (a draft's content written only to be read, `newsroom.drafts`); the
    transaction's own batch is left as it was."""
    before = getattr(_local, "batch", None)
    _local.batch = None
    try:
        yield
    finally:
        _local.batch = before


# Until when (time.monotonic()) the throttle keys this process added are sure to be there: asking
# the cache again before then could only answer that they are.
_throttle_added = {}


def throttled(listicle_id, sender):
    """Whether a purge for this kind of write (reactions, votes, likes) ran for the article in the
    last FRONTEND_CACHE_REPEAT_SECONDS: its repetition, due by then, purges what this one changed.

    One key per article and kind of write, shared by every worker (`cache.add`); a worker that
    added it knows it is there for its lifetime and does not ask again meanwhile."""
    seconds = settings.FRONTEND_CACHE_REPEAT_SECONDS
    if seconds <= 0:
        return False
    key = f"frontend-cache:purged:{sender._meta.label}:{listicle_id}"
    now, lifetime = time.monotonic(), max(1, round(seconds))
    if _throttle_added.get(cache.make_key(key), 0) > now:
        return True
    if not cache.add(key, 1, timeout=lifetime):
        return True
    if len(_throttle_added) > 1000:  # the articles being reacted to now are few: forget the rest
        for known, until in list(_throttle_added.items()):
            if until <= now:
                _throttle_added.pop(known, None)
    _throttle_added[cache.make_key(key)] = now + lifetime  # its lifetime began after `now`
    return False


# Receivers.


def updated(sender, listicle_ids, **kwargs):
    """`page_invalidation.pages_updated`: comments, likes, choices, in bulk; [] is every page."""
    scope = pages_of_sender(sender)

    def add(batch):
        if not listicle_ids:
            batch.everything = True
        for listicle_id in listicle_ids:
            if scope > COMMENT_PAGES or not throttled(listicle_id, sender):
                batch.add(listicle_id, scope)

    collect(add)


def listicle_before(sender, instance, **kwargs):
    if instance.pk:
        collect(lambda batch: batch.add_before(instance.pk), final=False)


def listicle_after(sender, instance, **kwargs):
    collect(lambda batch: batch.add(instance.pk, ARTICLE))


def part_before(sender, instance, **kwargs):
    """An entry (or a clip of one) about to change: its listicle's pages as they are."""
    if instance.pk:
        listicle_id = listicle_id_of(instance)
        collect(lambda batch: batch.add_before(listicle_id), final=False)


def part_after(sender, instance, **kwargs):
    listicle_id = listicle_id_of(instance)
    collect(lambda batch: batch.add(listicle_id, ARTICLE))


def listicle_id_of(part):
    if isinstance(part, Entry):
        return part.listicle_id
    return Entry.objects.filter(pk=part.entry_id).values_list("listicle_id", flat=True).first()


def relation_changed(sender, instance, action, **kwargs):
    """An entry's featured characters or a listicle's or drama's tags, set or cleared."""
    if isinstance(instance, Entry):
        owner = (instance.listicle_id, ARTICLE)
    elif isinstance(instance, Listicle):
        owner = (instance.pk, ARTICLE)
    elif isinstance(instance, Drama):
        return shown_after(Drama, instance) if action.startswith("post_") else None
    else:
        return None
    if action.startswith("pre_"):
        collect(lambda batch: batch.add_before(owner[0]), final=False)
    else:
        collect(lambda batch: batch.add(*owner))
    return None


def shown_before(sender, instance, **kwargs):
    """A knowledge-base row, a tag or an author about to change: its pages and its articles' as they are."""
    if not instance.pk:
        return
    stored = type(instance).objects.filter(pk=instance.pk).first()
    if stored is None:
        return

    def add(batch):
        batch.urls |= knowledge_pages(stored)
        for listicle_id in listicles_of(stored):
            batch.add_before(listicle_id)

    collect(add, final=False)


def shown_after(sender, instance, **kwargs):
    def add(batch):
        batch.urls |= knowledge_pages(instance)
        for listicle_id in listicles_of(instance):
            batch.add(listicle_id, ARTICLE)

    collect(add)


def renditions_made(sender, name, **kwargs):
    """An image's renditions are ready (`pictures.renditions`): the pages that show its original
    meanwhile, as saving each row that names the file would purge them."""
    for model, after in (
        (Listicle, listicle_after),
        (EntryScene, part_after),
        *((m, shown_after) for m in SHOWN),
    ):
        for field in model._meta.concrete_fields:
            if isinstance(field, ImageField):
                for row in model._default_manager.filter(**{field.name: name}):
                    after(model, row)


def deleted(sender, instance, **kwargs):
    collect(lambda batch: None)  # the pages were gathered before the delete: purge them now


SHOWN = (Drama, Actor, Role, Scene, WatchLink, Tag, Author)


def connect():
    """Called once the versions' own receivers are connected (`page_invalidation.connect`), so a
    purge runs after the versions it relies on are bumped."""
    uid = "purges."
    pages_updated.connect(updated, dispatch_uid=uid + "pages_updated")
    for model, before, after in (
        (Listicle, listicle_before, listicle_after),
        (Entry, part_before, part_after),
        (EntryScene, part_before, part_after),
        *((model, shown_before, shown_after) for model in SHOWN),
    ):
        label = uid + model._meta.label
        pre_save.connect(before, sender=model, dispatch_uid=label + ".pre_save")
        post_save.connect(after, sender=model, dispatch_uid=label + ".post_save")
        pre_delete.connect(before, sender=model, dispatch_uid=label + ".pre_delete")
        post_delete.connect(deleted, sender=model, dispatch_uid=label + ".post_delete")
    renditions_ready.connect(renditions_made, dispatch_uid=uid + "renditions_ready")
    for relation in (Entry.featuring.through, TaggedItem):
        m2m_changed.connect(relation_changed, sender=relation, dispatch_uid=uid + relation._meta.label)

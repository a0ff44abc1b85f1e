"""A listicle's address follows its headline, and its old addresses redirect to it without a loop.

While a listicle has never been published its slug follows the title (unless the editor sets one
of their own); once published, the address changes only when the editor asks, since readers and
search engines know it. `newsroom.editorial_checks.editorial_warnings` says when the address's number no
longer matches the headline's.

Old addresses. The article's URL carries its id, so any other slug still finds it and answers with
a redirect to the current address, never to another old one. Browsers keep redirects: a 301 for
good, any other for its `max-age`. Had the article moved from A to B and back to A, a browser that
kept "A → B" would be sent from A to B and by B back to A, round and round. So:

- every move of a published listicle is recorded as an `OldAddress` (`Listicle.save()` calls
  `moving()`), and taking a slug back deletes its row: the live address never redirects;
- while the last move is recent (`REDIRECT_PERMANENT_AFTER_DAYS`), old addresses answer
  `302 Found` with `max-age=0`: browsers ask again every time, so moving back is safe;
- once the address has settled, a recorded old address answers `301 Moved Permanently` (kept a
  day by browsers that honour `max-age`, for good by others) and is permanent from then on: the
  slug can never be the article's address again (`refusal`; `slug_for` skips it);
- a slug the article never had (a typo, a link cut short) answers 302: nothing stops an editor
  from choosing it one day.

nginx keeps a redirect for `s-maxage`, as it keeps pages; a move purges every address of the
article, old ones included (`articles.purges`).
"""

import datetime
import re
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify

# How long a browser that honours `max-age` keeps a 301: one that kept it through a later move
# takes two hops instead of one, for a day at most.
PERMANENT_MAX_AGE = 24 * 3600


class AddressRefused(ValueError):
    """Saving a listicle at a slug that has redirected permanently; the message says why."""


def slug_for(title, listicle, max_length=220):
    """A slug for `title` no other listicle uses, and not one of this listicle's permanent old
    addresses: "5-rooftop-scenes", else "5-rooftop-scenes-2"..."""
    from .models import Listicle

    base = _base(title, max_length)
    others = Listicle.objects.exclude(pk=listicle.pk) if listicle.pk else Listicle.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= unusable(listicle)
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def _base(title, max_length=220):
    return slugify(title)[:max_length].strip("-") or "listicle"


def follows_title(listicle):
    """Whether the stored slug follows the stored title: never published, and the slug the title
    gives (with a number added to tell it apart), not one the editor chose."""
    if listicle.first_published_at is not None:
        return False
    base = re.escape(_base(listicle.title))
    return not listicle.slug or re.fullmatch(rf"{base}(-\d+)?", listicle.slug) is not None


# Old addresses.


def settling_time():
    return datetime.timedelta(days=settings.REDIRECT_PERMANENT_AFTER_DAYS)


def settled(last_move, now=None):
    """Whether an address the listicle took at `last_move` has been its address long enough for
    its old ones to redirect permanently."""
    return (now or timezone.now()) - last_move >= settling_time()


def old_addresses(listicle_id):
    """{slug: (retired_at, permanent)} of the listicle's old addresses, in one query."""
    from .models import OldAddress

    rows = OldAddress.objects.filter(listicle_id=listicle_id).values_list("slug", "retired_at", "permanent")
    return {slug: (retired_at, permanent) for slug, retired_at, permanent in rows}


def permanent_slugs(old, now=None):
    """The slugs among `old` (as `old_addresses` gives them) that redirect permanently: every one
    once the last move has settled, and those that did before it."""
    if old and settled(max(retired_at for retired_at, _ in old.values()), now):
        return set(old)
    return {slug for slug, (_, permanent) in old.items() if permanent}


def unusable(listicle):
    """The slugs the listicle may never take again."""
    return permanent_slugs(old_addresses(listicle.pk)) if listicle.pk else set()


def refusal(listicle, slug):
    """Why `listicle` may not take `slug` as its address, or None when it may."""
    if listicle.pk is None:
        return None
    old = old_addresses(listicle.pk)
    if slug not in permanent_slugs(old):
        return None
    until = formats.date_format(timezone.localtime(old[slug][0]), "j F Y")
    return (
        f"“{slug}” was this article's address until {until} and has redirected permanently to the "
        "new one since. Browsers keep such a redirect for good: as the address again, it would send "
        "their readers round in a loop. Choose another address."
    )


def redirect(listicle, slug, url):
    """The answer at an address of `listicle` whose slug is not its own: a redirect to `url`,
    permanent only for a settled old address (see the module's docstring)."""
    permanent = slug in permanent_slugs(old_addresses(listicle.pk))
    response = (HttpResponsePermanentRedirect if permanent else HttpResponseRedirect)(url)
    patch_cache_control(
        response,
        public=True,
        max_age=PERMANENT_MAX_AGE if permanent else 0,
        s_maxage=settings.PAGE_CACHE_SECONDS,
    )
    return response


def stored_slug(listicle, update_fields):
    """The listicle's slug as stored, when saving it with `update_fields` changes it; else None."""
    from .models import Listicle

    if listicle._state.adding or listicle.pk is None or "slug" not in listicle.__dict__:
        return None
    if update_fields is not None and "slug" not in update_fields:
        return None
    stored = getattr(listicle, "_stored_slug", None)
    if stored is None:
        stored = Listicle.objects.filter(pk=listicle.pk).values_list("slug", flat=True).first()
    return stored if stored is not None and stored != listicle.slug else None


@contextmanager
def moving(listicle, update_fields):
    """Around `Listicle.save()`: a move to a slug that redirects permanently is refused
    (AddressRefused), and a move is recorded in the save's transaction."""
    old_slug = stored_slug(listicle, update_fields)
    if old_slug is None:
        yield
        return
    with transaction.atomic():
        reason = refusal(listicle, listicle.slug)
        if reason:
            raise AddressRefused(reason)
        yield
        record_move(listicle, old_slug)


def record_move(listicle, old_slug, now=None):
    """Record that `listicle` (saved at its new slug) left `old_slug`."""
    from .models import OldAddress

    now = now or timezone.now()
    rows = OldAddress.objects.filter(listicle_id=listicle.pk)
    if listicle.first_published_at is None or listicle.first_published_at > now:
        rows.filter(slug=listicle.slug).delete()
        return  # never live: no reader was ever sent to the old address
    last = rows.aggregate(last=Max("retired_at"))["last"]
    if last is not None and settled(last, now):
        rows.filter(permanent=False).update(permanent=True)  # they answered 301 until now
    rows.filter(slug=listicle.slug).delete()  # the live address never redirects
    if not rows.filter(slug=old_slug).update(retired_at=now):
        OldAddress.objects.create(listicle_id=listicle.pk, slug=old_slug, retired_at=now)

"""An article's share card: the 1200 × 630 image its page names as `og:image` and `twitter:image`
(`pictures.cards` draws it from the lead picture and the title).

Its address, `articles:card` (`/article/<id>/card/<key>.jpg`), carries a hash of what the card
shows (the title, the lead picture's stored name, the site's name and the drawing's `VERSION`): an
edit that changes the card changes the address the page names, and any cache may keep each
address forever. An edit that changes neither leaves the card and its address alone.

The card is drawn once, by the first request for its address, and stored through the storage API
like the renditions (`cards/<id>/<key>.jpg`, beside nothing else of that article's: older cards are
deleted then). Later requests read it back from the storage; the response says `immutable`. An
address whose key is no longer the article's (an edit since) redirects to the current card.
"""

import hashlib
import logging
import posixpath

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from pictures.cards import HEIGHT, WIDTH, draw_card, open_picture
from pictures.renditions import CENTRE, manifest_for

from .models import Listicle

logger = logging.getLogger(__name__)

VERSION = 1  # raise when the drawing changes: every card then gets a new address
FOLDER = "cards"
FOREVER = 365 * 24 * 60 * 60
MAKING_SECONDS = 60


def card_key(listicle):
    shown = [str(VERSION), settings.SITE_NAME, listicle.title, listicle.hero_image.name or ""]
    focus = card_focus(listicle)
    if focus is not None:  # a focal point set in the library: the card is cut around it
        shown.append("{:.3f},{:.3f}".format(*focus))
    return hashlib.sha256("\n".join(shown).encode()).hexdigest()[:20]


def card_focus(listicle):
    """The lead picture's focal point when one was set off the centre (its renditions' manifest
    names it, read from the cache like the page's picture); None draws the card as it always was."""
    if not listicle.hero_image:
        return None
    focus = manifest_for(listicle.hero_image).get("focus")
    return tuple(focus) if focus and tuple(focus) != CENTRE else None


def card_meta(listicle, *, absolute):
    """What the page's head says of the card: `url` (absolute), `width`, `height`, `alt`."""
    alt = (
        f"{listicle.title} — {listicle.hero_alt}"
        if listicle.hero_image and listicle.hero_alt
        else listicle.title
    )
    url = absolute(reverse("articles:card", args=[listicle.pk, card_key(listicle)]))
    return {"url": url, "width": WIDTH, "height": HEIGHT, "alt": alt, "type": "image/jpeg"}


def stored_name(listicle, key):
    return posixpath.join(FOLDER, str(listicle.pk), f"{key}.jpg")


@require_safe
def card(request, pk, key):
    """The share card of a live article; 404 for any other."""
    listicle = Listicle.objects.filter(pk=pk).first()
    if listicle is None or not listicle.is_live:
        raise Http404("There is no published article at this address.")
    current = card_key(listicle)
    if key != current:
        response = redirect("articles:card", pk=listicle.pk, key=current)
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
        return response
    data, whole = card_bytes(listicle, current)
    response = HttpResponse(data, content_type="image/jpeg")
    if whole:
        patch_cache_control(response, public=True, max_age=FOREVER, immutable=True)
    else:  # drawn without its picture for now (unreadable): drawn again on a later request
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
    response["ETag"] = f'"{current}"'
    return response


def card_bytes(listicle, key):
    """(the card's JPEG bytes, whether it is the whole card: False when drawn without its picture)."""
    name = stored_name(listicle, key)
    try:
        with default_storage.open(name) as stored:
            return stored.read(), True
    except OSError:
        pass
    picture = None
    if listicle.hero_image:
        try:
            with listicle.hero_image.open("rb") as file:
                picture = open_picture(file)
        except OSError:
            picture = None
        if picture is None:
            logger.warning("Share card of article %s drawn without its unreadable lead picture", listicle.pk)
            return draw_card(listicle.title, None, site_name=settings.SITE_NAME), False
    data = draw_card(listicle.title, picture, site_name=settings.SITE_NAME, focus=card_focus(listicle))
    store_once(name, data)
    return data, True


def store_once(name, data):
    """Store the card unless another request is storing it right now; then delete the article's
    older cards."""
    lock = f"card:{name}:making"
    if not cache.add(lock, True, MAKING_SECONDS):
        return
    try:
        default_storage.save(name, ContentFile(data))
        folder, own = posixpath.split(name)
        try:
            _, files = default_storage.listdir(folder)
        except OSError:
            return
        for other in files:
            if other != own:
                default_storage.delete(posixpath.join(folder, other))
    except OSError:
        logger.warning("Share card %s could not be stored; it is drawn again on the next request", name)
    finally:
        cache.delete(lock)

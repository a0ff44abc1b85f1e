"""The editor's own autosave of the listicle page (`newsroom.autosaves`), as small JSON views.

POST `autosave/` keeps the page's state and chosen files; GET `autosave/saved/` gives them back
(files from `autosave/files/<id>/`), to their owner only; POST `autosave/discard/` drops it. The
page adding a listicle has the same views under `add/`. Saving needs the permission to change the
listicle (to add one, on the add page); every answer is JSON with a one-line reason on a 4xx, and
nothing read back is ever cached.
"""

import json
from functools import wraps

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from pictures.decoding import MAX_IMAGE_BYTES

from .. import autosaves, presence
from ..autosaves import Refused
from ..models import AutosaveFile
from .pages import page_listicle, page_url, url_name

# The form's hidden fields that tie a save of the form to the page's autosave (unsaved_work.js).
PAGE_FIELD = "_autosave_page"
SUBMISSION_FIELD = "_autosave_submission"
CLOSED_FOR = 120  # seconds a saved page's late autosaves are ignored


def closed_key(user, page):
    return f"autosave-closed:{user.pk}:{page}"


def close_page(request):
    """The form of this request was saved: autosaves its page sent before leaving are stale."""
    page = request.POST.get(PAGE_FIELD, "")
    if presence.PAGE_ID.match(page):
        cache.set(closed_key(request.user, page), True, CLOSED_FOR)


def answering_json(view):
    """The view's refusals as JSON with their reason: 400, 403, 404."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            return JsonResponse({"error": str(refused)}, status=400)
        except (RequestDataTooBig, TooManyFieldsSent):
            return JsonResponse({"error": "values: the request is too big to keep"}, status=400)
        except PermissionDenied:
            return JsonResponse({"error": "You may not change this article."}, status=403)
        except Http404:
            return JsonResponse({"error": "There is no such article, or it is not yours to see."}, status=404)

    return answer


def target(model_admin, request, object_id):
    """The listicle the user may autosave (None: the page adding one); PermissionDenied or Http404."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    return page_listicle(model_admin, request, object_id, model_admin.has_change_permission)


def url(model_admin, listicle, name, *args):
    """The address of one of a page's autosave views (the add page's when `listicle` is None)."""
    if listicle is not None:
        return page_url(model_admin, name, listicle, *args)
    name = f"admin:{url_name(model_admin, 'add_' + name)}"
    return reverse(name, args=args, current_app=model_admin.admin_site.name)


def page_context(model_admin, request, listicle, last_saved):
    """What the listicle page tells its scripts: where its autosave goes, and when the user's own
    autosave was written if it is newer than the listicle's last save (`last_saved`)."""
    written = autosaves.last_written(request.user, listicle)
    return {
        "save_url": url(model_admin, listicle, "autosave"),
        "saved_url": url(model_admin, listicle, "autosave_saved"),
        "discard_url": url(model_admin, listicle, "autosave_discard"),
        "newer": written.isoformat() if autosaves.newer_than(written, last_saved) else "",
        "any": written is not None,
        "max_file_bytes": MAX_IMAGE_BYTES,
        "page_field": PAGE_FIELD,
        "submission_field": SUBMISSION_FIELD,
    }


def described(model_admin, listicle, autosave):
    return {
        "saved": autosave.updated.isoformat(timespec="milliseconds"),
        "saved_label": date_format(timezone.localtime(autosave.updated), "DATETIME_FORMAT"),
        "version": autosave.loaded_version,
        "files": [
            {
                "name": item.name,
                "filename": item.filename,
                "type": item.content_type,
                "size": item.size,
                "url": url(model_admin, listicle, "autosave_file", item.pk),
                "submission": item.submission,
            }
            for item in autosave.files.all()
        ],
    }


@require_POST
@answering_json
def autosave_view(request, object_id=None, *, model_admin):
    """POST `values` (the page's state as JSON), `loaded_version`, `page`, `kept_files` (a JSON list
    of the inputs whose stored file is still chosen) and files under their inputs' names."""
    listicle = target(model_admin, request, object_id)
    page = request.POST.get("page", "")
    if not presence.PAGE_ID.match(page):
        raise Refused("page: an id of 8 to 64 letters, digits or dashes is required")
    if cache.get(closed_key(request.user, page)):
        return JsonResponse({"ignored": "This page was saved: its later copies are not kept."}, status=409)
    state = autosaves.parse_state(request.POST.get("values", ""))
    try:
        kept = json.loads(request.POST.get("kept_files") or "[]")
    except ValueError:
        raise Refused("kept_files: a JSON list of input names is required") from None
    if not isinstance(kept, list) or not all(isinstance(name, str) for name in kept):
        raise Refused("kept_files: a JSON list of input names is required")
    autosave = autosaves.save(
        request.user,
        listicle,
        state=state,
        loaded_version=request.POST.get("loaded_version", ""),
        files={name: request.FILES[name] for name in request.FILES},
        kept=set(kept),
    )
    return JsonResponse(described(model_admin, listicle, autosave))


@require_GET
@answering_json
@cache_control(private=True, no_store=True)
def saved_view(request, object_id=None, *, model_admin):
    """The user's own autosave of the page: its state and its files' addresses; `saved` null if none."""
    listicle = target(model_admin, request, object_id)
    autosave = autosaves.of(request.user, listicle)
    if autosave is None:
        return JsonResponse({"saved": None})
    state = {"values": [], "labels": {}, **autosave.values}  # only files, from a refused form: no values
    return JsonResponse({**described(model_admin, listicle, autosave), **state})


@require_GET
@answering_json
@cache_control(private=True, no_store=True)
def file_view(request, file_id, object_id=None, *, model_admin):
    """One file of the user's own autosave; anybody else's is a 404."""
    listicle = target(model_admin, request, object_id)
    stored = (
        AutosaveFile.objects.filter(pk=file_id, autosave__user=request.user, autosave__listicle=listicle)
        .only("file", "filename", "content_type")
        .first()
    )
    if stored is None:
        raise Http404
    try:
        handle = stored.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=stored.content_type, filename=stored.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@answering_json
def discard_view(request, object_id=None, *, model_admin):
    """Drop the user's autosave of the page (the editor pressed "Discard them")."""
    listicle = target(model_admin, request, object_id)
    return JsonResponse({"discarded": autosaves.clear(request.user, listicle)})

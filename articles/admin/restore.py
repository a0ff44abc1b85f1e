"""Restoring a revision of a listicle from the admin: see what would change, then confirm.

The confirmation carries the version of the article the editor was shown: if somebody saved it in
between, nothing is restored and the page shows what restoring would change now. A restore that
is refused writes nothing, and the page says why in the editor's words.
"""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.http import require_http_methods

from .. import comparison, concurrency, revisions
from ..interchange import InterchangeError
from .pages import page_listicle, page_url, render_page

VERSION_FIELD = "loaded_version"
# How a JSON path of the revision reads for an editor: entries[3].scenes[0] → Entry 4 › scene 1.
LISTS = {"entries": "Entry", "scenes": "scene", "cast": "cast member", "featuring": "character"}
LIST_ITEM = re.compile(r"\b(entries|scenes|cast|featuring)\[(\d+)\]")


def worded(problem):
    """A problem of the revision ("entries[3].drama.title: …") named as an editor sees the article."""
    where, found, message = problem.partition(": ")
    if not found or "[" not in where:
        return problem
    where = LIST_ITEM.sub(lambda item: f"{LISTS[item[1]]} {int(item[2]) + 1}", where)
    return f"{where.replace('.', ' › ').replace('_', ' ')}: {message}"


@require_http_methods(["GET", "HEAD", "POST"])
def restore_revision_view(request, object_id, revision_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    revision = listicle.revisions.select_related("user").filter(pk=revision_id).first()
    if revision is None:
        raise Http404("This article has no such revision.")
    revision_number = revisions.number(revision)
    problems, overtaken = [], None
    if request.method == "POST":
        if VERSION_FIELD in request.POST:  # confirmations posted by scripts without it are not checked
            overtaken = concurrency.conflict(listicle, request.POST[VERSION_FIELD])
        if overtaken is None:
            try:
                restored = revisions.restore(revision, user=request.user)
            except InterchangeError as error:
                problems = [worded(problem) for problem in error.problems]
            else:
                model_admin.log_change(request, listicle, restored.summary)
                kept_as = revisions.number(restored)
                model_admin.message_user(
                    request,
                    f"Restored revision #{revision_number}, kept as revision #{kept_as}. "
                    "Status and publishing time are unchanged.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(page_url(model_admin, "change", listicle), status=303)
    now = revisions.content(revisions.snapshot_of(listicle))
    restored = revisions.content(revisions.restorable(revision.snapshot))
    removed = revisions.removed_by_restoring(revision)
    return render_page(
        model_admin,
        request,
        "restore.html",
        listicle,
        f"Restore revision #{revision_number}",
        status=409 if problems or overtaken else 200,
        revision=revision,
        revision_number=revision_number,
        changes=comparison.diff(now, restored),
        problems=problems,
        overtaken=overtaken and concurrency.changed_by(overtaken, user=request.user),
        removed_entries=[entry for entry in removed if entry.votes_count],
        removed_votes=sum(entry.votes_count for entry in removed),
        version_field=VERSION_FIELD,
        version=concurrency.version_of(listicle),
    )

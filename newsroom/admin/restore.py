"""Restoring a revision of a listicle from the admin: see what would change, then confirm.

The confirmation carries the version of the article the editor was shown: if somebody saved it in
between, nothing is restored and the page shows what restoring would change now. A restore that
is refused writes nothing, and the page says why in the editor's words. A live article's revision
is restored into its draft (`newsroom.drafts`): readers keep the live version until it is
published. Its address comes back only when the editor ticks “Also change the address”.
"""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.http import require_http_methods

from interchange.problems import InterchangeError

from .. import comparison, concurrency, drafts, revisions, workflow
from .pages import page_listicle, page_url, render_page

VERSION_FIELD = "loaded_version"
# Ticked to move the article back to the revision's address too (its current one then redirects).
ADDRESS_FIELD = "change_address"
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
    if not drafts.edits_into_draft(listicle):
        return restore_page(model_admin, request, listicle, revision)
    # A live article: the revision is restored into its draft; readers keep the live version.
    with drafts.on_draft(listicle, lock=request.method == "POST") as work:
        response = restore_page(model_admin, request, listicle, revision, work=work)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    if work.kept is not None:
        said = f"Restored revision #{revisions.number(revision)} into the draft"
        if work.result is None:
            said += ": it reads as the live version, so there are no unpublished changes."
        else:
            said += ": readers see the live version until the changes are published."
        model_admin.message_user(request, said, messages.SUCCESS)
    return response


def restore_page(model_admin, request, listicle, revision, work=None):
    """The confirmation page, and the restore once confirmed; with `work` into the draft."""
    revision_number = revisions.number(revision)
    # Once readers have known an address, moving it back needs the editor's say-so, as on the form.
    address_differs = listicle.first_published_at is not None and revision.snapshot.get("slug") not in (
        None,
        listicle.slug,
    )
    change_address = address_differs and request.POST.get(ADDRESS_FIELD) == "on"
    keep_address = address_differs and not change_address
    problems, overtaken = [], None
    if request.method == "POST":
        if VERSION_FIELD in request.POST:  # confirmations posted by scripts without it are not checked
            overtaken = concurrency.conflict(listicle, request.POST[VERSION_FIELD])
        if overtaken is None:
            try:
                restored = revisions.restore(revision, user=request.user, keep_address=keep_address)
            except InterchangeError as error:
                problems = [worded(problem) for problem in error.problems]
            else:
                if work is not None:
                    work.keep(
                        user=request.user,
                        summary=f"Restored revision #{revision_number}",
                        in_review=not workflow.is_editor(request.user),
                    )
                    return HttpResponseRedirect(page_url(model_admin, "change", listicle), status=303)
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
    restored = revisions.content(
        revisions.restorable(revision.snapshot, address=listicle.slug if keep_address else None)
    )
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
        into_draft=work is not None,
        address_field=ADDRESS_FIELD if address_differs else "",
        revision_address=revision.snapshot.get("slug"),
        change_address=change_address,
    )

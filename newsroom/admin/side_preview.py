"""The preview beside the change form: the article as readers will see it, from the form as the
editor is typing it, saved nowhere.

The change page (and the add page) posts its form, unsaved, to `unsaved_preview_view` as the
editor types (`side_preview.js`). The view binds the admin's own form and inline formsets to it,
as a save would, and writes them within a savepoint that is taken back once the page is rendered
(`drafts.taken_back`; a live article's form is its draft's, so there it works within
`drafts.on_draft`, which takes everything back too). The page is the staff preview's
(`preview.PreviewView`): the real article template, nothing rendered a second way. Nothing is
kept: no row, no revision, no upload (file inputs are not sent, and ignored if they are).

An entry whose form the editor did not touch reads as it is stored: it is neither checked again
nor written, so a preview costs the same whatever the number of entries. A form that does not
validate answers 400 with its errors as JSON (`{"errors": [...]}`), and the pane keeps the last
page it showed.

The pane frames these pages, so they (and the staff preview the pane opens with) may be framed by
this site's own pages, and by no other (`framed_by_this_site`); the change page may frame this
site's pages (`may_frame_this_site`). Every other page keeps refusing to be framed.
"""

from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.forms.formsets import all_valid
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from articles import addresses
from articles.models import Author, Listicle

from .. import drafts, preview
from .edit_conflicts import VERSION_FIELD
from .pages import page_listicle

SELF = "'self'"
FRAME_ANCESTORS = {"frame-ancestors": [SELF]}
FRAME_SRC = {"frame-src": [SELF]}


def framed_by_this_site(response):
    """Let this site's own pages, and no other, frame `response` (the policy and the older header)."""
    response["X-Frame-Options"] = "SAMEORIGIN"
    for name in ("_csp_replace", "_csp_replace_ro"):  # django-csp: enforced and report-only
        setattr(response, name, {**(getattr(response, name, None) or {}), **FRAME_ANCESTORS})
    return response


def may_frame_this_site(response):
    """Let the page of `response` frame this site's pages (the preview beside the form)."""
    for name in ("_csp_update", "_csp_update_ro"):
        setattr(response, name, {**(getattr(response, name, None) or {}), **FRAME_SRC})
    return response


@require_POST
def unsaved_preview_view(request, object_id=None, *, model_admin):
    """POST the change form (or the add form, without `object_id`): the article page it would make."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        listicle = None
    else:
        listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    if listicle is not None and drafts.edits_into_draft(listicle):
        working = drafts.on_draft(listicle)  # the form is the draft's: its rows read as the draft
    else:
        working = drafts.taken_back()
    with working:
        response = render_unsaved(model_admin, request, listicle)
    return framed_by_this_site(response)


def render_unsaved(model_admin, request, listicle):
    """Within a savepoint the caller takes back: bind the admin's form and inlines to the posted
    data, write them, and render the preview; or answer what is wrong with the form."""
    change = listicle is not None
    data = request.POST.copy()
    data.pop(VERSION_FIELD, None)  # not a save: no edit-conflict check, and no lock for one
    if not change and not data.get("slug", "").strip() and data.get("title", "").strip():
        # The add page fills the address in from the headline as it is typed; until it has, the
        # preview makes one the same way rather than wait for it.
        data["slug"] = addresses.slug_for(data["title"], Listicle())
    fields = flatten_fieldsets(model_admin.get_fieldsets(request, listicle))
    form_class = model_admin.get_form(request, listicle, change=change, fields=fields)
    form = form_class(data, None, instance=listicle)  # uploads are not previewed, never stored
    form_valid = form.is_valid()
    request.POST = data  # what the admin's inlines are bound to
    formsets, _ = model_admin._create_formsets(request, form.instance, change=change)
    for formset in formsets:
        for bound in formset.initial_forms:
            if not bound.has_changed():
                bound.empty_permitted = True  # untouched: it reads as stored, unchecked, unwritten
    if not (all_valid(formsets) and form_valid):
        return errors_response(form, formsets)
    obj = form.instance
    if not change:
        obj.created_by = request.user
        if obj.author_id is None:
            obj.author = Author.objects.filter(user_id=request.user.pk).first()
    try:
        form.save()
        for formset in formsets:
            formset.save()
    except DatabaseError:
        return JsonResponse(
            {"errors": ["The preview could not be made from the form as it stands. Saving it tells why."]},
            status=400,
        )
    page = preview.PreviewView()
    page.setup(request, pk=obj.pk)
    return page.preview_of(page.get_listicle())


def errors_response(form, formsets):
    """400 with the form's errors, each named as the editor sees the field."""
    said = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        said += [f"{label}: {error}" if label else error for error in errors]
    for formset in formsets:
        kind = str(formset.model._meta.verbose_name).capitalize()
        said += list(formset.non_form_errors())
        for number, bound in enumerate(formset.forms, start=1):
            for name, errors in bound.errors.items():
                label = bound.fields[name].label if name in bound.fields else ""
                where = f"{kind} {number}, {label}" if label else f"{kind} {number}"
                said += [f"{where}: {error}" for error in errors]
    response = JsonResponse({"errors": said}, status=400)
    response["Cache-Control"] = "private, no-store"
    return response

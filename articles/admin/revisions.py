"""Revisions, previews and edit-conflict protection for the listicle admin.

`RevisionAdminMixin` keeps a revision after every save, adds the pages for the history of
revisions, comparing two of them, restoring one, previewing and sharing a preview link, and
refuses a save made on a form that somebody else's save has overtaken (the form comes back with
everything that was typed). Every hook it overrides calls super(), so it composes with the
workflow mixin and adminsortable2.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from .. import concurrency, preview, revisions
from ..interchange import InterchangeError
from ..models import Status

VERSION_FIELD = "loaded_version"
REVISIONS_PER_PAGE = 50


class LoadedVersionField(forms.CharField):
    """The version of the listicle the form was loaded with; bookkeeping, never a change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class EditConflictCheck:
    """Form mixin: refuses to save over a save made since the form was loaded."""

    editor = None  # the user filling in the form, set by the admin
    edit_conflict = None  # the EditConflict found when the form was checked

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial[VERSION_FIELD] = concurrency.version_of(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if VERSION_FIELD in self.data:  # forms posted by scripts without it are not checked
            # The admin validates and saves in one transaction: the lock holds until the save is done.
            self.edit_conflict = concurrency.conflict(
                self.instance, self.data[VERSION_FIELD], lock=connection.in_atomic_block
            )
            if self.edit_conflict:
                message = concurrency.conflict_message(self.edit_conflict, user=self.editor)
                if changes_to_compare(self.edit_conflict):
                    message += " “See what changed while you were editing”, above, lists their changes."
                raise ValidationError(message, code="edit_conflict")
        return cleaned_data


def changes_to_compare(found):
    """(older, newer) revision ids showing what an edit conflict's other side changed, or None."""
    if found and found.loaded_revision_id and found.latest_revision_id != found.loaded_revision_id:
        return found.loaded_revision_id, found.latest_revision_id
    return None


def status_label(value):
    return Status(value).label if value in Status.values else "—"


class CompareForm(forms.Form):
    """Which two revisions of one listicle to compare; either may be left out."""

    older = forms.ModelChoiceField(queryset=None, required=False)
    newer = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, data, *, listicle):
        super().__init__(data)
        for name in self.fields:
            self.fields[name].queryset = listicle.revisions.all()
            self.fields[name].error_messages["invalid_choice"] = "There is no such revision of this article."

    def clean(self):
        cleaned_data = super().clean()
        older, newer = cleaned_data.get("older"), cleaned_data.get("newer")
        if older and newer and older.pk == newer.pk:
            raise ValidationError("Choose two different revisions to compare.", code="same_revision")
        if older and newer and older.pk > newer.pk:
            cleaned_data["older"], cleaned_data["newer"] = newer, older
        return cleaned_data


class PartRevisionAdminMixin:
    """For the pages of a part of a listicle (an entry, a clip): saving it changes the listicle.

    The listicle keeps a revision, and anyone with the listicle's form open is told when they save.
    The admin using it says which listicle an object belongs to with `listicle_of(obj)`.
    """

    def listicle_of(self, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        revisions.record_starting_point(self.listicle_of(obj))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        part = form.instance
        if change:
            message = self.construct_change_message(request, form, formsets, add=False)
            summary = (
                f"{part}: {LogEntry(change_message=json.dumps(message)).get_change_message() or 'Saved'}"
            )
        else:
            summary = f"Added {part._meta.verbose_name} “{part}”"
        self._changed(request, [self.listicle_of(part)], summary)

    def delete_model(self, request, obj):
        listicle = self.listicle_of(obj)
        revisions.record_starting_point(listicle)
        super().delete_model(request, obj)
        self._changed(request, [listicle], f"Deleted {obj._meta.verbose_name} “{obj}”")

    def delete_queryset(self, request, queryset):
        listicles = list({listicle.pk: listicle for listicle in map(self.listicle_of, queryset)}.values())
        for listicle in listicles:
            revisions.record_starting_point(listicle)
        super().delete_queryset(request, queryset)
        self._changed(request, listicles, f"Deleted {queryset.model._meta.verbose_name_plural}")

    def _changed(self, request, listicles, summary):
        for listicle in listicles:
            listicle.save(update_fields=["updated"])
            revisions.record(listicle, user=request.user, summary=summary)


class RevisionAdminMixin:
    revision_templates = "admin/articles/listicle/revisions"

    # Saving ----------------------------------------------------------------------------------------

    def _guards_edits(self, request, obj):
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._guards_edits(request, obj) or VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        form = super().get_form(request, obj, change, **kwargs)
        if not self._guards_edits(request, obj):
            return form
        attrs = {VERSION_FIELD: LoadedVersionField(), "editor": request.user}
        return type(form)(form.__name__, (EditConflictCheck, form), attrs)

    def save_model(self, request, obj, form, change):
        if change:
            revisions.record_starting_point(obj)  # reads the listicle as stored, before this save
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            message = self.construct_change_message(request, form, formsets, add=False)
            summary = LogEntry(change_message=json.dumps(message)).get_change_message() or "Saved"
        else:
            summary = "Created"
        revisions.record(form.instance, user=request.user, summary=summary)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            form = context["adminform"].form if context.get("adminform") else None
            context["revision_tools"] = self.revision_tools(
                request, obj, getattr(form, "edit_conflict", None)
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def revision_tools(self, request, listicle, edit_conflict=None):
        """What the change page shows about revisions and previews (the revision_tools.html partial)."""
        can_change = self.has_change_permission(request, listicle)
        compare = changes_to_compare(edit_conflict)
        changed_since_url = ""
        if compare:
            query = urlencode({"older": compare[0], "newer": compare[1]})
            changed_since_url = f"{self._url('revisions_compare', listicle)}?{query}"
        return {
            "changed_since_url": changed_since_url,
            "count": listicle.revisions.count(),
            "latest": revisions.latest(listicle),
            "history_url": self._url("revisions", listicle) if can_change else "",
            "preview_url": self._url("preview", listicle),
            "share_url": self._url("share_preview", listicle)
            if can_change and preview.can_share(listicle)
            else "",
        }

    # Pages -----------------------------------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=f"{name}_revisions"),
            path(
                "<path:object_id>/revisions/compare/",
                wrap(self.compare_revisions_view),
                name=f"{name}_revisions_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_revision_view),
                name=f"{name}_revisions_restore",
            ),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{name}_preview"),
            path(
                "<path:object_id>/preview/share/", wrap(self.share_preview_view), name=f"{name}_share_preview"
            ),
            *super().get_urls(),
        ]

    def _url(self, page, listicle, *args):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_{page}"
        return reverse(name, args=[listicle.pk, *args], current_app=self.admin_site.name)

    def _listicle(self, request, object_id, may):
        """The listicle this admin lets `request.user` see, if `may(request, obj)`; 404 or 403 otherwise."""
        listicle = self.get_object(request, unquote(object_id))
        if listicle is None:
            raise Http404("There is no such article, or it is not yours to see.")
        if not may(request, listicle):
            raise PermissionDenied
        return listicle

    def _render(self, request, template, listicle, title, status=200, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": listicle,
            "title": title,
            "subtitle": str(listicle),
            "change_url": self._url("change", listicle),
            "history_url": self._url("revisions", listicle),
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, f"{self.revision_templates}/{template}", context, status=status)

    @method_decorator(require_safe)
    def revisions_view(self, request, object_id):
        listicle = self._listicle(request, object_id, self.has_change_permission)
        paginator = Paginator(listicle.revisions.select_related("user").order_by("-id"), REVISIONS_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        first_number = paginator.count - page.start_index() + 1
        rows = [
            (first_number - index, revision, status_label(revision.snapshot.get("status")))
            for index, revision in enumerate(page)
        ]
        return self._render(
            request,
            "list.html",
            listicle,
            "History of revisions",
            rows=rows,
            page=page,
            page_range=paginator.get_elided_page_range(page.number),
            compare_url=self._url("revisions_compare", listicle),
        )

    @method_decorator(require_safe)
    def compare_revisions_view(self, request, object_id):
        listicle = self._listicle(request, object_id, self.has_change_permission)
        form = CompareForm(request.GET, listicle=listicle)
        if not form.is_valid():
            return self._render(request, "compare.html", listicle, "Compare revisions", status=400, form=form)
        history = listicle.revisions.select_related("user").order_by("-id")
        newer = form.cleaned_data["newer"] or history.first()
        if newer is None:
            raise Http404("This article has no revisions yet.")
        older = form.cleaned_data["older"] or history.filter(id__lt=newer.id).first()
        before_older = older and history.filter(id__lt=older.id).first()
        after_newer = history.filter(id__gt=newer.id).last()
        return self._render(
            request,
            "compare.html",
            listicle,
            "Compare revisions",
            form=form,
            older=older,
            older_number=older and revisions.number(older),
            newer=newer,
            newer_number=revisions.number(newer),
            before_label=older and f"In #{revisions.number(older)}",
            after_label=f"In #{revisions.number(newer)}",
            changes=revisions.diff(older, newer) if older else None,
            earlier_pair=before_older and (before_older.pk, older.pk),
            later_pair=after_newer and (newer.pk, after_newer.pk),
            compare_url=self._url("revisions_compare", listicle),
            restore_older_url=older and self._url("revisions_restore", listicle, older.pk),
            restore_newer_url=self._url("revisions_restore", listicle, newer.pk) if after_newer else "",
        )

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def restore_revision_view(self, request, object_id, revision_id):
        listicle = self._listicle(request, object_id, self.has_change_permission)
        revision = listicle.revisions.select_related("user").filter(pk=revision_id).first()
        if revision is None:
            raise Http404("This article has no such revision.")
        revision_number = revisions.number(revision)
        problems = []
        if request.method == "POST":
            try:
                restored = revisions.restore(revision, user=request.user)
            except InterchangeError as error:
                problems = error.problems
            else:
                self.log_change(request, listicle, restored.summary)
                self.message_user(
                    request,
                    f"Restored revision #{revision_number}, kept as revision #{revisions.number(restored)}. "
                    "Status and publishing time are unchanged.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._url("change", listicle), status=303)
        now = revisions.content(revisions.snapshot_of(listicle))
        restored = revisions.content(revisions.restorable(revision.snapshot))
        return self._render(
            request,
            "restore.html",
            listicle,
            f"Restore revision #{revision_number}",
            status=409 if problems else 200,
            revision=revision,
            revision_number=revision_number,
            changes=revisions.diff(now, restored),
            problems=problems,
        )

    @method_decorator(require_safe)
    def preview_view(self, request, object_id):
        listicle = self._listicle(request, object_id, self.has_view_permission)
        return preview.PreviewView.as_view()(request, pk=listicle.pk)

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def share_preview_view(self, request, object_id):
        listicle = self._listicle(request, object_id, self.has_change_permission)
        shareable = preview.can_share(listicle)
        link = None
        if request.method == "POST" and shareable:
            token = preview.make_token(listicle)
            link = request.build_absolute_uri(reverse("articles:preview", kwargs={"token": token}))
        return self._render(
            request,
            "share_preview.html",
            listicle,
            "Share a preview",
            status=409 if request.method == "POST" and not shareable else 200,
            shareable=shareable,
            link=link,
            expires=preview.link_expires(),
            preview_url=self._url("preview", listicle),
        )

"""Edit conflicts on the listicle change page: overtaken saves are merged, or shown side by side.

The form carries the version of the listicle it was loaded with (`articles.concurrency`). When
somebody else saved since, the revision the form was opened from is the common ancestor: what
each side changed is merged (`articles.merging`) and saved, with a message saying what was
merged. When both changed the same value, nothing is saved: the form comes back with everything
that was typed, both versions of each such value side by side, and the next save keeps what the
editor chose. A form whose starting revision is unknown is still refused: no blind overwrites.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.http import urlencode
from django.utils.text import get_text_list

from interchange.importer import import_listicle
from interchange.problems import InterchangeError
from soompi.forms import with_arguments

from .. import concurrency, merging, revisions
from ..comparison import _entry_identity, _keyed
from ..models import Revision

VERSION_FIELD = "loaded_version"
# Posted by the form that showed both versions: the version it showed them against, then the
# paths of the values the editor has seen both versions of (their choice is now what they post).
SETTLED_FIELD = "settled_conflicts"


class EditClash(Exception):
    """Both editors changed the same values: the save is rolled back and the form shown again."""

    def __init__(self, found, merge, version, reason=""):
        super().__init__("Both editors changed the same values.")
        self.found, self.merge, self.version, self.reason = found, merge, version, reason

    @property
    def token(self):
        return "|".join([self.version, *(clash.path for clash in self.merge.clashes)])


class LoadedVersionField(forms.CharField):
    """The version of the listicle the form was loaded with; bookkeeping, never a change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class EditConflictCheck(forms.Form):
    """Form mixin: refuses to save over a save made since the form was loaded.

    `editor` is the user filling in the form: the message says "You" when they overtook themselves.
    """

    loaded_version = LoadedVersionField()

    def __init__(self, *args, editor=None, clash=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.clash = clash  # the EditClash of this very submission, when it is shown again
        self.edit_conflict = None  # the EditConflict found when the form was checked
        self.merge_from = None  # the revision the form was opened from, when a merge is due
        self.theirs = None  # the listicle as the other side saved it, as a snapshot
        self.settled = ()
        self.current_version = self.initial[VERSION_FIELD] = concurrency.version_of(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if VERSION_FIELD in self.data:  # forms posted by scripts without it are not checked
            # The admin validates and saves in one transaction: the lock holds until the save is done.
            self.edit_conflict = concurrency.conflict(
                self.instance, self.data[VERSION_FIELD], lock=connection.in_atomic_block
            )
            if self.edit_conflict:
                self._merge_or_refuse(self.edit_conflict)
        return cleaned_data

    def _merge_or_refuse(self, found):
        if self.clash is not None and not self.clash.merge.clashes:  # the merge itself failed
            message = concurrency.conflict_message(found, user=self.editor)
            raise ValidationError(f"{message} ({self.clash.reason})", code="edit_conflict")
        if self.clash is not None:
            for clash in self.clash.merge.clashes:
                if clash.entry is None and clash.name in self.fields:
                    self.add_error(clash.name, "Changed by both of you: both versions are shown above.")
            raise ValidationError(clash_message(found, self.clash.merge, user=self.editor), code="edit_clash")
        base = Revision.objects.filter(listicle=self.instance, pk=found.loaded_revision_id).first()
        if base is None:  # nothing to merge from: saving would overwrite what the other side did
            message = concurrency.conflict_message(found, user=self.editor)
            if changes_to_compare(found):
                message += " “See what changed while you were editing”, above, lists their changes."
            raise ValidationError(message, code="edit_conflict")
        self.merge_from = base
        self.theirs = revisions.snapshot_of(self.instance)
        version, *paths = self.data.get(SETTLED_FIELD, "").split("|")
        self.settled = set(paths) if version == self.current_version else set()


def changes_to_compare(found):
    """(older, newer) revision ids showing what an edit conflict's other side changed, or None."""
    if found and found.loaded_revision_id and found.latest_revision_id != found.loaded_revision_id:
        return found.loaded_revision_id, found.latest_revision_id
    return None


def _who(found, user):
    if found.by is not None and found.by == user:
        return "you, in another window"
    if found.by is not None:
        return found.by.get_full_name() or found.by.get_username()
    return "somebody else"


def clash_message(found, merge, *, user):
    labels = get_text_list([clash.label for clash in merge.clashes], "and")
    return (
        f"{concurrency.changed_by(found, user=user)} while you were editing it, and you both changed "
        f"{labels}, so your changes were not saved yet. Both versions are shown side by side below: "
        "keep yours, take theirs or edit, then save again. Their other changes will be kept."
    )


def merged_message(found, merge, base, theirs, *, user):
    own = found.by is not None and found.by == user
    saved = "you saved in another window" if own else f"{_who(found, user)} saved"
    kept = get_text_list(merge.theirs_changed, "and") if merge.theirs_changed else "nothing you changed"
    whose = "the other window's" if own else "their"
    message = f"Saved, merged with what {saved} while you were editing: {whose} changes to {kept} are kept"
    if merge.mine_changed:
        message += f", along with yours to {get_text_list(merge.mine_changed, 'and')}"
    message += "."
    if base.get("status") != theirs.get("status") or base.get("publish_at") != theirs.get("publish_at"):
        message += " Its status or publication time changed meanwhile too: see the Publishing panel."
    return message


class EditConflictAdminMixin:
    """Checks the version of the change form; merging happens in `MergeEditsAdminMixin`."""

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
        checked = type(form)(form.__name__, (EditConflictCheck, form), {})
        return with_arguments(checked, editor=request.user, clash=getattr(request, "edit_clash", None))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditClash as clash:
            # The save was rolled back with its transaction; the same submission comes back as a
            # form showing both versions of what clashed.
            request.edit_clash = clash
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        clash = getattr(request, "edit_clash", None)
        if clash is not None:
            formsets = context.get("inline_admin_formsets") or []
            context["edit_clash"] = {
                "token": clash.token,
                "field": SETTLED_FIELD,
                "who": _who(clash.found, request.user),
                "at": clash.found.at,
                "clashes": [
                    (item, _input_id(item, formsets[0].formset if formsets else None))
                    for item in clash.merge.clashes
                ],
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def revision_tools(self, request, listicle, form):
        tools = super().revision_tools(request, listicle, form)
        compare = changes_to_compare(getattr(form, "edit_conflict", None))
        if compare:
            query = urlencode({"older": compare[0], "newer": compare[1]})
            tools["changed_since_url"] = f"{self.page_url('revisions_compare', listicle)}?{query}"
        return tools


def _input_id(clash, formset):
    """The id of the input holding the clashing value on the form, or "" when there is none."""
    if clash.entry is None:
        return f"id_{clash.name}" if clash.typed else ""
    if formset is None or not clash.typed:
        return ""
    forms = [form for form in formset.forms if form.instance.drama_id]
    identities = _keyed([{"drama": {"slug": form.instance.drama.slug}} for form in forms], _entry_identity)
    for form, identity in zip(forms, identities, strict=True):
        if identity == clash.entry:
            return form[clash.name].id_for_label
    return ""


class MergeEditsAdminMixin:
    """After an overtaken form is saved, merge in what the other side saved since it was opened.

    Sits below the revision history in the admin's bases, so the revision kept is the merge.
    """

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        base = getattr(form, "merge_from", None)
        if base is None:
            return
        listicle = form.instance
        result = merging.merge(
            base.snapshot, form.theirs, revisions.snapshot_of(listicle), settled=form.settled
        )
        if result.clashes:
            raise EditClash(form.edit_conflict, result, form.current_version)
        if result.theirs_changed:
            try:
                import_listicle(
                    revisions.restorable(result.snapshot),
                    into=listicle,
                    include_status=False,
                    editor=request.user,
                )
            except InterchangeError as problem:  # e.g. the merged address now belongs to another article
                reason = f"Their changes and yours could not be merged: {problem}"
                raise EditClash(
                    form.edit_conflict, merging.Merge(result.snapshot), form.current_version, reason
                ) from problem
        request.edits_merged = True
        message = merged_message(form.edit_conflict, result, base.snapshot, form.theirs, user=request.user)
        self.message_user(request, message, messages.INFO)

"""Edit conflicts on the listicle change page: overtaken saves are merged, or shown side by side.

The form carries the version of the listicle it was loaded with (`newsroom.concurrency`). When
somebody else saved since, the revision the form was opened from is the common ancestor: once the
form is saved, `merge_overtaken` merges what each side changed (`newsroom.merging`) and says so.
When both changed the same value it answers a `Clash`: the admin undoes the save and shows the
form again with everything that was typed, both versions of each such value side by side, and the
next save keeps what the editor chose. A form whose starting revision is unknown is still refused
by its validation: no blind overwrites.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.text import get_text_list

from interchange.importer import import_listicle
from interchange.problems import InterchangeError

from .. import concurrency, merging, revisions
from ..comparison import _entry_identity, _keyed
from ..forms import ListicleForm
from ..models import Revision

VERSION_FIELD = "loaded_version"
# Posted by the form that showed both versions: the version it showed them against, then the
# paths of the values the editor has seen both versions of (their choice is now what they post).
SETTLED_FIELD = "settled_conflicts"


class NoConflict:
    """Nobody else saved since the form was loaded: the save stands as it is."""


NO_CONFLICT = NoConflict()


@dataclass(frozen=True)
class Merged:
    """Somebody else saved meanwhile; their changes and the editor's were merged and kept."""

    message: str


@dataclass(frozen=True)
class Clash:
    """Both editors changed the same values (or the merge could not be written): nothing is kept."""

    found: concurrency.EditConflict
    merge: merging.Merge
    version: str  # the listicle's version the clash was found against
    reason: str = ""  # why the merge could not be written, when it has no clashing values

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

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
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


class CheckedListicleForm(EditConflictCheck, ListicleForm):
    """The listicle's change form, checked against saves made since it was loaded."""


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
    mine = get_text_list(merge.mine_changed, "and")
    if merge.theirs_changed:
        whose = "the other window's" if own else "their"
        message = f"Saved, merged with what {saved} while you were editing: {whose} changes to "
        message += get_text_list(merge.theirs_changed, "and") + " are kept"
        message += f", along with yours to {mine}." if mine else "."
    else:
        message = f"Saved. {saved[0].upper()}{saved[1:]} while you were editing, "
        message += "without changing any field you see here"
        message += f"; your changes to {mine} are saved." if mine else "."
    if base.get("status") != theirs.get("status") or base.get("publish_at") != theirs.get("publish_at"):
        message += " Its status or publication time changed meanwhile too: see the Publishing panel."
    return message


def merge_overtaken(form, user):
    """After `form` (a `CheckedListicleForm`) and its inlines are saved: merge in what somebody else
    saved since the form was opened. Answers `NO_CONFLICT`, `Merged` or `Clash`; on a clash the
    caller undoes the save."""
    base = form.merge_from
    if base is None:
        return NO_CONFLICT
    listicle = form.instance
    result = merging.merge(base.snapshot, form.theirs, revisions.snapshot_of(listicle), settled=form.settled)
    if result.clashes:
        return Clash(form.edit_conflict, result, form.current_version)
    if result.theirs_changed:
        try:
            import_listicle(revisions.restorable(result.snapshot), into=listicle, editor=user)
        except InterchangeError as problem:  # e.g. the merged address now belongs to another article
            reason = f"Their changes and yours could not be merged: {problem}"
            return Clash(form.edit_conflict, merging.Merge(result.snapshot), form.current_version, reason)
    return Merged(merged_message(form.edit_conflict, result, base.snapshot, form.theirs, user=user))


def show_clash(form, clash, user):
    """Put the clash on the form as errors: on each value both changed, and what to do above."""
    if not clash.merge.clashes:  # the merge itself failed
        message = concurrency.conflict_message(clash.found, user=user)
        form.add_error(None, ValidationError(f"{message} ({clash.reason})", code="edit_conflict"))
        return
    for item in clash.merge.clashes:
        if item.entry is None and item.name in form.fields:
            form.add_error(item.name, "Changed by both of you: both versions are shown above.")
    form.add_error(
        None, ValidationError(clash_message(clash.found, clash.merge, user=user), code="edit_clash")
    )


def clash_context(clash, user, inline_admin_formsets):
    """What `edit_clash.html` shows: both versions of each clashing value, and the token to post."""
    return {
        "token": clash.token,
        "field": SETTLED_FIELD,
        "who": _who(clash.found, user),
        "at": clash.found.at,
        "clashes": [
            (item, _input_id(item, inline_admin_formsets[0].formset if inline_admin_formsets else None))
            for item in clash.merge.clashes
        ],
    }


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


def clash_page(model_admin, request, listicle, form, formsets, clash):
    """The change form again, as it was posted, with both versions of each value both changed.

    `form` and `formsets` are the change page's, validated and saved, the save since undone."""
    show_clash(form, clash, request.user)
    admin_form = helpers.AdminForm(
        form,
        list(model_admin.get_fieldsets(request, listicle)),
        model_admin.get_prepopulated_fields(request, listicle),
        model_admin.get_readonly_fields(request, listicle),
        model_admin=model_admin,
    )
    inline_admin_formsets = model_admin.get_inline_formsets(
        request, formsets, model_admin.get_inline_instances(request, listicle), listicle
    )
    media = model_admin.media + admin_form.media
    for inline_formset in inline_admin_formsets:
        media += inline_formset.media
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Change {model_admin.opts.verbose_name}",
        "subtitle": str(listicle),
        "adminform": admin_form,
        "object_id": str(listicle.pk),
        "original": listicle,
        "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
        "to_field": request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR)),
        "media": media,
        "inline_admin_formsets": inline_admin_formsets,
        "errors": helpers.AdminErrorList(form, formsets),
        "preserved_filters": model_admin.get_preserved_filters(request),
        "edit_clash": clash_context(clash, request.user, inline_admin_formsets),
    }
    return model_admin.render_change_form(request, context, change=True, obj=listicle)

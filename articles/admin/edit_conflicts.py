"""Edit-conflict checks on the listicle change page: a save on an overtaken form is refused.

The form carries the version of the listicle it was loaded with (`articles.concurrency`); a save
made on a form somebody else's save has overtaken comes back with everything that was typed, the
name of who saved in between, and a link to what they changed.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.http import urlencode

from soompi.forms import with_arguments

from .. import concurrency

VERSION_FIELD = "loaded_version"


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


class EditConflictAdminMixin:
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
        return with_arguments(checked, editor=request.user)

    def revision_tools(self, request, listicle, form):
        tools = super().revision_tools(request, listicle, form)
        compare = changes_to_compare(getattr(form, "edit_conflict", None))
        if compare:
            query = urlencode({"older": compare[0], "newer": compare[1]})
            tools["changed_since_url"] = f"{self.page_url('revisions_compare', listicle)}?{query}"
        return tools

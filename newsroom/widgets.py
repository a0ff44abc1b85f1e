"""Admin autocomplete widgets that label the values already chosen without asking the database.

Django's autocomplete widgets look up their selected values with one query per widget, so a
listicle page with N entries (a drama, a speaker, a couple and clips each) cost 4N queries. A
form that already holds those objects — prefetched with the entries — hands them to the widget
with `show_known()`; a value the form does not hold is looked up as before.
"""

from django.contrib.admin import widgets
from django.db.models.fields import BLANK_CHOICE_DASH

# What a picker's empty choice is called where select2 does not draw it (without JavaScript, and
# to HTML checkers): an <option> must have a text or a label. It is a `label`, not a text, so that
# select2 still shows its (empty) placeholder and "clear" for that choice.
EMPTY_CHOICE_LABEL = BLANK_CHOICE_DASH[0][1]


class KnownChoicesMixin:
    known = None  # {str(pk): object}

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = self.known or {}
        if any(pk not in known for pk in selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in dict.fromkeys(selected):
            label = self.choices.field.label_from_instance(known[pk])
            options.append(self.create_option(name, known[pk].pk, label, True, len(options)))
        return [(None, options, 0)]


class AutocompleteSelect(KnownChoicesMixin, widgets.AutocompleteSelect):
    """A one-value picker whose first option is always the empty choice, labelled: also when the
    field is required (a required <select> must start with one), where Django leaves it out."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = [option for _, group, _ in groups for option in group]
        if not any(option["value"] == "" for option in options):
            groups.insert(0, (None, [self.create_option(name, "", "", False, 0)], 0))
        for _, group, _ in groups:
            for option in group:
                if option["value"] == "" and not option["label"]:
                    option["attrs"]["label"] = EMPTY_CHOICE_LABEL
        return groups


class AutocompleteSelectMultiple(KnownChoicesMixin, widgets.AutocompleteSelectMultiple):
    pass


def show_known(form, name, objects):
    """Let the autocomplete widget of `form[name]` label these objects without a query."""
    if name not in form.fields:
        return
    widget = form.fields[name].widget
    widget = getattr(widget, "widget", widget)  # inside the admin's add/change/view wrapper
    if isinstance(widget, KnownChoicesMixin):
        widget.known = {str(obj.pk): obj for obj in objects if obj is not None}


class KnownChoicesAdminMixin:
    """ModelAdmin and inline mixin: autocomplete fields get the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class MarkdownTextarea(widgets.AdminTextareaWidget):
    """A Markdown field: a toolbar above it (bold, italic, link, quote, with Ctrl+B, Ctrl+I and
    Ctrl+K) and a cheat-sheet of what the renderer (`articles.markdown`) understands, added by
    `markdown_toolbar.js`; without JavaScript it is the plain text box."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-markdown": "true", **(attrs or {})})

    class Media:
        js = ["newsroom/admin/markdown_toolbar.js"]

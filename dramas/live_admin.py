"""The knowledge-base admin's side of `dramas.live`: rows that live content shows change only for
those who may change live content, refused on the server (change and delete views, inlines, bulk
deletes), and every change of such a row is handed over to be recorded where it shows."""

from django.contrib import messages

from soompi.change_messages import change_summary

from . import live


def refused(request, obj):
    """The live items that keep `request.user` from changing `obj`, worked out once per request."""
    if obj is None or obj.pk is None or live.may_change(request.user):
        return []
    known = request.__dict__.setdefault("_live_refusals", {})
    key = (type(obj), obj.pk)
    if key not in known:
        known[key] = live.showing(obj)
    return known[key]


class LiveRowAdminMixin:
    """For the ModelAdmin of a knowledge-base model. Every hook calls super()."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not refused(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Bulk deletes ask this of every selected row and refuse the whole batch if one is refused.
        return super().has_delete_permission(request, obj) and not refused(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        shown_on = refused(request, obj)
        if shown_on:
            self.message_user(request, live.refusal(obj, shown_on), messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change:
            live.about_to_change(live.showing(obj))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            row = form.instance
            summary = change_summary(self, request, form, formsets) or "Saved."
            live.changed(
                live.showing(row), user=request.user, summary=f"{row._meta.verbose_name} “{row}”: {summary}"
            )

    def delete_model(self, request, obj):
        shown_on = live.showing(obj)
        live.about_to_change(shown_on)
        super().delete_model(request, obj)
        live.changed(shown_on, user=request.user, summary=f"Deleted {obj._meta.verbose_name} “{obj}”")

    def delete_queryset(self, request, queryset):
        rows = list(queryset)
        shown_on = list(dict.fromkeys(item for row in rows for item in live.showing(row)))
        live.about_to_change(shown_on)
        super().delete_queryset(request, queryset)
        names = ", ".join(f"“{row}”" for row in rows)
        summary = f"Deleted {queryset.model._meta.verbose_name_plural} {names}"
        live.changed(shown_on, user=request.user, summary=summary)


class LiveParentInlineMixin:
    """For an inline of a drama (its cast, its watch links): they change with the drama or not at all."""

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not refused(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not refused(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not refused(request, obj)

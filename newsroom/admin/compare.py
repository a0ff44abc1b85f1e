"""Comparing two revisions of a listicle in the admin, with the changes worded for an editor."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.views.decorators.http import require_safe

from .. import comparison, revisions
from .pages import page_listicle, page_url, render_page


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


@require_safe
def compare_revisions_view(request, object_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    form = CompareForm(request.GET, listicle=listicle)
    if not form.is_valid():
        return render_page(
            model_admin, request, "compare.html", listicle, "Compare revisions", status=400, form=form
        )
    history = listicle.revisions.select_related("user").order_by("-id")
    newer = form.cleaned_data["newer"] or history.first()
    if newer is None:
        raise Http404("This article has no revisions yet.")
    older = form.cleaned_data["older"] or history.filter(id__lt=newer.id).first()
    before_older = older and history.filter(id__lt=older.id).first()
    after_newer = history.filter(id__gt=newer.id).last()
    return render_page(
        model_admin,
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
        changes=comparison.diff(older, newer) if older else None,
        earlier_pair=before_older and (before_older.pk, older.pk),
        later_pair=after_newer and (newer.pk, after_newer.pk),
        compare_url=page_url(model_admin, "revisions_compare", listicle),
        restore_older_url=older and page_url(model_admin, "revisions_restore", listicle, older.pk),
        restore_newer_url=page_url(model_admin, "revisions_restore", listicle, newer.pk)
        if after_newer
        else "",
    )

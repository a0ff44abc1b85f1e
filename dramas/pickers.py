"""Pickers that know the drama: characters and scenes offered only from the drama already chosen.

An entry's speaker, couple and clips, an entry clip's scene and a scene's roles all belong to one
drama. In the admin, `static/dramas/admin/drama_pickers.js` forwards the drama chosen on the form
with each autocomplete search (`drama=<id>`), and the role and scene admins narrow their search
results to it. The forms still check every pick on the server (`dramas.forms`).
"""

from django import forms

DRAMA_PARAMETER = "drama"


class NarrowedByDramaAdminMixin:
    """ModelAdmin mixin for a model with a `drama`: autocomplete searches forwarding a drama find
    only that drama's rows."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        drama = request.GET.get(DRAMA_PARAMETER, "")
        if request.path.endswith("/autocomplete/") and drama.isdigit():
            queryset = queryset.filter(drama_id=int(drama))
        return queryset, may_have_duplicates


class DramaPickersAdminMixin:
    """ModelAdmin mixin for pages with pickers that follow the form's drama."""

    @property
    def media(self):
        # After Django's autocomplete script, whose widget set-up it extends.
        return super().media + forms.Media(
            js=["admin/js/jquery.init.js", "admin/js/autocomplete.js", "dramas/admin/drama_pickers.js"]
        )

"""The pages of a live article's parts (an entry, a clip) show and change its draft.

Readers keep a live article as its rows are until an editor publishes its draft (`newsroom.drafts`).
The article's own change page works within `drafts.on_draft`; so do the add, change and delete
pages of its entries and clips (`ThroughTheDraft`): the rows read as the draft, the page does what
it always does, and what it saved becomes the draft's next revision, while every row it wrote is
taken back. The editor is told so on the page and once it is saved, and the bulk delete of the
lists does the same per article. Anything that would write a live article's parts outside its
draft is refused (`PartOfListicle.listicle_allows`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Entry, Listicle

from .. import drafts, workflow
from ..models import Draft
from . import drafts as drafts_page


def listicle_of_entry_id(entry_id):
    """The listicle an entry belongs to, live or only in a draft (an entry added there); or None."""
    try:
        entry_id = int(entry_id)
    except (TypeError, ValueError):
        return None
    entry = Entry.objects.select_related("listicle").filter(pk=entry_id).first()
    if entry is not None:
        return entry.listicle
    for draft in Draft.objects.select_related("listicle", "revision").only(
        "listicle", "revision__entry_ids"
    ):  # one per article with unpublished changes: few
        if entry_id in (draft.revision.entry_ids or []):
            return draft.listicle
    return None


def within_draft_of(listicle):
    """Whether the request runs within `listicle`'s draft (`drafts.on_draft`)."""
    work = drafts.working()
    return work is not None and work.listicle.pk == listicle.pk


def refuse_outside_draft(listicle):
    """The last guard of the live rows: a live article's parts are written within its draft only."""
    if drafts.edits_into_draft(listicle) and not within_draft_of(listicle):
        raise PermissionDenied(f"“{listicle}” is live: its entries and clips change in its draft only.")


def clip_ids_as_read_now(data, prefix, rows):
    """The posted clip forms of an entry's page within a draft, naming its clips as read now.

    The clips a draft added are made again each time the draft is read, and on PostgreSQL with new
    ids (a sequence is not taken back): a form posts the ids its page was shown. A posted id that no
    clip has now stands for the first clip no form names, in their reading order, which is the
    order the page showed them in."""
    try:
        initial = int(data.get(f"{prefix}-INITIAL_FORMS", ""))
    except ValueError:
        return data  # the formset says what is wrong with it
    current = [str(row.pk) for row in rows]
    posted = [data.get(f"{prefix}-{index}-id", "") for index in range(initial)]
    free = [pk for pk in current if pk not in posted]
    data = data.copy()
    for index, pk in enumerate(posted):
        if pk and pk not in current and free:
            data[f"{prefix}-{index}-id"] = free.pop(0)
    return data


def draft_note(listicle, user):
    """What the page of a live article's part says above its form."""
    return {
        "listicle": listicle,
        "url": reverse("admin:articles_listicle_change", args=[listicle.pk]),
        "editor": workflow.is_editor(user),
    }


class ThroughTheDraft:
    """ModelAdmin mixin for the parts of a listicle: on a live article, its pages work on the draft.

    The admin says which listicle a page is about with `listicle_of_page(request, object_id)`."""

    def listicle_of_page(self, request, object_id):
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        def page(context):
            return super(ThroughTheDraft, self).changeform_view(request, object_id, form_url, context)

        return self._within_draft(request, object_id, page, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        def page(context):
            return super(ThroughTheDraft, self).delete_view(request, object_id, context)

        return self._within_draft(request, object_id, page, extra_context)

    def _within_draft(self, request, object_id, page, extra_context):
        listicle = self.listicle_of_page(request, object_id)
        if listicle is None or not drafts.edits_into_draft(listicle):
            return page(extra_context)
        context = {**(extra_context or {}), "live_draft_note": draft_note(listicle, request.user)}
        with drafts.on_draft(listicle, lock=request.method == "POST") as work:
            work.quiet = True  # Django's "changed successfully": the draft's message says instead
            try:
                response = page(context)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()  # while the rows read as the draft
            finally:
                work.quiet = False
        if work.kept is not None:
            drafts_page.after_save(self.admin_site.get_model_admin(Listicle), request, listicle, work)
        return response

    def save_model(self, request, obj, form, change):
        refuse_outside_draft(self.listicle_of(obj))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        refuse_outside_draft(self.listicle_of(obj))
        super().delete_model(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        work = drafts.working()
        if work is not None and work.quiet:
            return
        super().message_user(request, message, level, *args, **kwargs)

    def delete_queryset(self, request, queryset):
        """The bulk delete: the parts of live articles are deleted in each one's draft."""
        live = {}
        for part in queryset:
            listicle = self.listicle_of(part)
            if drafts.edits_into_draft(listicle):
                live.setdefault(listicle.pk, (listicle, []))[1].append(part.pk)
        in_drafts = [pk for _, pks in live.values() for pk in pks]
        rest = queryset.exclude(pk__in=in_drafts)
        if rest.exists():
            super().delete_queryset(request, rest)
        plural = queryset.model._meta.verbose_name_plural
        for listicle, pks in live.values():
            with drafts.on_draft(listicle, lock=True) as work:
                queryset.model.objects.filter(pk__in=pks).delete()
                work.keep(
                    user=request.user,
                    summary=f"Deleted {plural}",
                    in_review=not workflow.is_editor(request.user),
                )
            self.message_user(
                request,
                f"“{listicle}” is live: its {plural} are deleted in its draft, and readers keep seeing "
                "them until the draft’s changes are published.",
                messages.WARNING,
            )

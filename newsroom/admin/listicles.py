"""The listicle admin: the list of articles and the change page, with the entries inline.

Editors order entries by dragging (django-admin-sortable2); nobody types a position. An entry's
own page and its clips are in `entries`, authors in `authors`.

The listicle's own admin is one plain `ModelAdmin`: its extra pages (history, compare, restore,
preview, share links, presence, the workflow's confirmations) are view functions in their own
modules, listed in one table in `get_urls`; saving calls the revision, merge and workflow services
in one sequence (`save_model`, `save_related`, `response_change`). A live article's change page
shows and saves its draft instead (`changeform_view`, `newsroom.drafts`): readers keep the live
version until an editor publishes the changes (`admin.drafts`).
"""

import copy
from dataclasses import dataclass
from functools import partial

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from accounts.reauthentication import ReauthenticateToDelete
from articles import addresses
from articles.models import Author, Entry, EntryScene, Listicle
from dramas.admin_columns import related_count, thumbnail
from dramas.models import Role
from pictures.picker import LibraryPickerAdminMixin
from reactions import admin as reaction_admin  # the listicle admin sits above reactions
from reactions.models import Reaction
from soompi.change_messages import change_summary

from .. import autosaves, drafts, presence, preview, revisions, workflow
from ..forms import EntryInlineForm, ListicleForm
from ..models import Draft
from ..widgets import KnownChoicesAdminMixin
from . import autosaves as autosave_pages
from . import compare, edit_conflicts, restore, share_links, side_preview, transitions, workflow_list
from . import drafts as drafts_page
from . import presence as presence_page
from . import preview as preview_page
from . import revisions as revisions_page
from . import workflow as workflow_page
from .edit_conflicts import NO_CONFLICT, VERSION_FIELD, CheckedListicleForm, Clash, Merged
from .pages import page_url, url_name

# The listicle admin's extra pages: (name, as in `admin:articles_listicle_<name>`, route, view).
# Each view is given the admin as `model_admin` and checks its own permission. The add page's
# autosave comes first: `<path:object_id>/` would take "add" for an id.
PAGES = [
    ("add_autosave", "add/autosave/", autosave_pages.autosave_view),
    ("add_autosave_saved", "add/autosave/saved/", autosave_pages.saved_view),
    ("add_autosave_file", "add/autosave/files/<int:file_id>/", autosave_pages.file_view),
    ("add_autosave_discard", "add/autosave/discard/", autosave_pages.discard_view),
    ("autosave", "<path:object_id>/autosave/", autosave_pages.autosave_view),
    ("autosave_saved", "<path:object_id>/autosave/saved/", autosave_pages.saved_view),
    ("autosave_file", "<path:object_id>/autosave/files/<int:file_id>/", autosave_pages.file_view),
    ("autosave_discard", "<path:object_id>/autosave/discard/", autosave_pages.discard_view),
    ("add_preview", "add/preview/", side_preview.unsaved_preview_view),
    ("transition", "<path:object_id>/workflow/<slug:action>/", workflow_page.transition_view),
    ("revisions", "<path:object_id>/revisions/", revisions_page.revisions_view),
    ("revisions_compare", "<path:object_id>/revisions/compare/", compare.compare_revisions_view),
    (
        "revisions_restore",
        "<path:object_id>/revisions/<int:revision_id>/restore/",
        restore.restore_revision_view,
    ),
    ("preview", "<path:object_id>/preview/", preview_page.preview_view),
    ("unsaved_preview", "<path:object_id>/preview/unsaved/", side_preview.unsaved_preview_view),
    ("share_preview", "<path:object_id>/preview/share/", share_links.share_preview_view),
    (
        "revoke_preview_link",
        "<path:object_id>/preview/share/<int:link_id>/revoke/",
        share_links.revoke_preview_link_view,
    ),
    ("presence", "<path:object_id>/presence/", presence_page.presence_view),
    ("draft", "<path:object_id>/draft/", drafts_page.draft_view),
    ("draft_publish", "<path:object_id>/draft/publish/", drafts_page.publish_view),
    ("draft_schedule", "<path:object_id>/draft/schedule/", drafts_page.schedule_view),
    ("draft_discard", "<path:object_id>/draft/discard/", drafts_page.discard_view),
]


@dataclass
class Saving:
    """A save of the change page in progress, from `save_model` to `response_change`."""

    form: forms.ModelForm
    savepoint: str | None = None  # taken before an existing listicle is written
    formsets: list | None = None
    check: object = NO_CONFLICT  # what `edit_conflicts.merge_overtaken` answered
    summary: str = ""  # what the save changed, for its revision


class EntryInline(KnownChoicesAdminMixin, SortableStackedInline):
    model = Entry
    form = EntryInlineForm
    fields = ["drama", "heading", "quote", "quote_role", "featuring", "body", "scenes"]
    autocomplete_fields = ["drama", "quote_role", "featuring"]
    show_change_link = True
    verbose_name_plural = "Entries — drag an entry by its title bar to move it; new entries go last"

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1

    def get_formset(self, request, obj=None, **kwargs):
        """The scene picker gets the admin's "+" to make a new clip in a popup, as the drama picker has,
        for those who may add scenes. The field is replaced in this formset's own form class (Django
        makes one per call), never changed in place."""
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("scenes")
        if field is not None and request.user.has_perm("dramas.add_scene"):
            field = copy.copy(field)
            field.widget = RelatedFieldWidgetWrapper(
                field.widget,
                EntryScene._meta.get_field("scene").remote_field,
                self.admin_site,
                can_add_related=True,
                can_change_related=False,
                can_delete_related=False,
                can_view_related=False,
            )
            formset.form.base_fields["scenes"] = field
        return formset

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("drama", "quote_role__actor")
            .prefetch_related(
                Prefetch("featuring", Role.objects.select_related("actor")),
                Prefetch("scene_links", EntryScene.objects.select_related("scene__drama")),
            )
        )

    @admin.display(description="Scenes")
    def scenes(self, entry):
        """The entry's scenes, for those who may read the listicle but not change it."""
        rows = format_html_join(
            "", "<li>{}</li>", ((link.scene or link,) for link in entry.scene_links.all())
        )
        return format_html('<ul class="related-list">{}</ul>', rows) if rows else "–"


@admin.register(Listicle)
class ListicleAdmin(
    LibraryPickerAdminMixin,
    KnownChoicesAdminMixin,
    ReauthenticateToDelete,
    SortableAdminBase,
    admin.ModelAdmin,
):
    """Deleting an article, or a selection of them, asks for a recent sign-in (ReauthenticateToDelete)."""

    form = ListicleForm
    list_display = [
        "hero_thumbnail",
        "title",
        "publication_status",
        "author",
        "publish_at",
        "entry_count",
        "reaction_count",
    ]
    list_display_links = ["hero_thumbnail", "title"]
    list_filter = [
        workflow_list.PublicationFilter,
        "numbering",
        ("author", admin.RelatedOnlyFieldListFilter),
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["author"]
    search_fields = [
        "title",
        "slug",
        "dek",
        "author__name",
        "entries__heading",
        "entries__drama__title",
        "entries__featuring__character",
        "entries__featuring__actor__name",
        "entries__quote_role__character",
        "entries__quote_role__actor__name",
        "entries__scene_links__scene__title",
    ]
    search_help_text = (
        "Searches headlines, addresses, deks and authors, and in the entries: dramas, headings, "
        "characters, actors and scene titles."
    )
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    # The publication time changes only through the workflow's buttons (Publish now, Schedule,
    # Reschedule), so that every change of what readers see is checked and recorded.
    readonly_fields = [
        "status",
        "first_published_at",
        "created",
        "updated",
        "reader_responses",
        "publish_at",
        "former_addresses",
    ]
    fieldsets = [
        ("Content", {"fields": ["title", "dek", "author", "tags", "intro", "outro"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt"]}),
        ("Presentation", {"fields": ["numbering"]}),
        (
            "Reader interaction",
            {"fields": ["poll_question", "allow_comments", "allow_reactions", "reader_responses"]},
        ),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": [
                    "slug",
                    "former_addresses",
                    "status",
                    "publish_at",
                    "first_published_at",
                    "created",
                    "updated",
                ],
                "description": "The status changes only through the buttons in the Publishing panel.",
            },
        ),
    ]
    inlines = [EntryInline]
    save_on_top = True

    class Media:
        css = {"all": ["reactions/admin/reactions.css"]}
        # After Django's autocomplete script, whose set-up the drama pickers extend.
        js = ["admin/js/jquery.init.js", "admin/js/autocomplete.js", "dramas/admin/drama_pickers.js"]

    def get_urls(self):
        pages = [
            path(route, self.admin_site.admin_view(view), {"model_admin": self}, name=url_name(self, name))
            for name, route, view in PAGES
        ]
        return [*pages, *super().get_urls()]

    # Who may do what: writers add listicles and change their own drafts (see `newsroom.workflow`).

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return workflow.can_edit(obj, request.user)
        return allowed

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def guards_edits(self, request, obj):
        """Whether the change form is checked against saves made since it was loaded."""
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    # The list.

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(reaction_count=related_count(Reaction, "listicle"))
            .annotate(entry_count=related_count(Entry, "listicle"))
            .annotate(has_draft=Exists(Draft.objects.filter(listicle=OuterRef("pk"))))
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        return {**actions, **workflow_list.bulk_actions(request)}

    @admin.display(description="Hero")
    def hero_thumbnail(self, listicle):
        return thumbnail(listicle.hero_image, listicle.hero_alt, width=64, height=36)

    @admin.display(description="Status", ordering="status")
    def publication_status(self, listicle):
        label = transitions.status_label(listicle)
        return f"{label}, with unpublished changes" if getattr(listicle, "has_draft", False) else label

    @admin.display(description="Entries", ordering="entry_count")
    def entry_count(self, listicle):
        return listicle.entry_count

    @admin.display(description="Reactions", ordering="reaction_count")
    def reaction_count(self, listicle):
        return listicle.reaction_count

    @admin.display(description="What readers said")
    def reader_responses(self, listicle):
        return reaction_admin.reader_responses(listicle)

    @admin.display(description="Old addresses")
    def former_addresses(self, listicle):
        """Where readers who kept an old link land, and which slugs can never be the address again."""
        old = addresses.old_addresses(listicle.pk) if listicle.pk else {}
        if not old:
            return "–"
        permanent = addresses.permanent_slugs(old)
        settles = max(retired_at for retired_at, _ in old.values()) + addresses.settling_time()
        rows = []
        for slug, (retired_at, _) in sorted(old.items(), key=lambda item: item[1][0], reverse=True):
            if slug in permanent:
                state = "redirects permanently: it cannot be the address again"
            else:
                state = f"redirects for now; permanently from {day(settles)}, unless the article moves back"
            rows.append((f"/article/{listicle.pk}/{slug}/", day(retired_at), state))
        items = format_html_join("", "<li><code>{}</code>, left {}: {}</li>", rows)
        return format_html('<ul class="related-list">{}</ul>', items)

    # The change page.

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = list(options["fields"])
        if obj.first_published_at is not None:  # once published, a new headline may move the address
            fields.insert(fields.index("title") + 1, "update_slug")
        if self.guards_edits(request, obj):
            fields.append(VERSION_FIELD)
        return [(name, {**options, "fields": fields}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The form, made with the user who fills it in (bylines are theirs to choose only if
        editors) and, when it is checked for edit conflicts, as its editor."""
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:  # the version is a field of the form, not of the listicle
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        if self.guards_edits(request, obj):
            form = super().get_form(request, obj, change, form=CheckedListicleForm, **kwargs)
            return partial(form, user=request.user, editor=request.user)
        return partial(super().get_form(request, obj, change, **kwargs), user=request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user_id=request.user.pk).first()
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def view_on_site(self, listicle):
        # Only what readers can open; drafts and scheduled articles have a preview instead.
        return listicle.get_absolute_url() if listicle.is_live else None

    def history_view(self, request, object_id, extra_context=None):
        """One history: the admin's History button shows the revisions and the workflow's moves."""
        listicle = self.get_object(request, unquote(object_id))
        if listicle is not None and self.has_change_permission(request, listicle):
            return revisions_page.revisions_view(request, object_id, model_admin=self)
        return super().history_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["side_preview"] = self.side_preview(request, obj if change else None)
        if obj is not None and obj.pk is not None:
            form = context["adminform"].form if context.get("adminform") else None
            context["revision_tools"] = self.revision_tools(request, obj, form)
        if (obj is None and add) or (obj is not None and self.has_change_permission(request, obj)):
            last_saved = obj.updated if obj is not None else None  # inside a draft: the draft's
            context["autosave"] = autosave_pages.page_context(self, request, obj, last_saved)
        if obj is not None and change:
            context["workflow"] = workflow_page.workflow_context(self, request, obj)
            work = drafts.working()
            if work is not None:
                context["live_draft"] = drafts_page.panel(self, request, obj, work.draft)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def side_preview(self, request, listicle):
        """Where the preview beside the form posts it, for those who may save it (else None), and
        the saved version's preview it opens with."""
        if listicle is None:
            if not self.has_add_permission(request):
                return None
            name = f"admin:{url_name(self, 'add_preview')}"
            return {"url": reverse(name, current_app=self.admin_site.name), "saved_url": ""}
        if not self.has_change_permission(request, listicle):
            return None
        return {
            "url": page_url(self, "unsaved_preview", listicle),
            "saved_url": page_url(self, "preview", listicle),
        }

    def revision_tools(self, request, listicle, form):
        """What the change page shows about revisions, previews and who else has it open."""
        can_change = self.has_change_permission(request, listicle)
        shareable = can_change and preview.can_share(listicle)
        tools = {
            "count": listicle.revisions.count(),
            "latest": revisions.latest(listicle),
            "history_url": page_url(self, "revisions", listicle) if can_change else "",
            "preview_url": page_url(self, "preview", listicle),
            "share_url": page_url(self, "share_preview", listicle) if shareable else "",
            "live_links": listicle.preview_links.live().count() if shareable else 0,
        }
        tools["presence_url"] = page_url(self, "presence", listicle)
        tools["presence_every"] = presence.EVERY
        tools["others"] = presence.others(listicle.pk, request.user)
        compared = edit_conflicts.changes_to_compare(getattr(form, "edit_conflict", None))
        if compared:
            query = urlencode({"older": compared[0], "newer": compared[1]})
            tools["changed_since_url"] = f"{page_url(self, 'revisions_compare', listicle)}?{query}"
        return tools

    # Saving: one sequence, in the order Django's change form calls these.

    def save_model(self, request, obj, form, change):
        request.listicle_saving = saving = Saving(form)
        if change:
            # Taken before anything is written: a clash with another editor's save undoes this one.
            saving.savepoint = transaction.savepoint()
            revisions.record_starting_point(obj)  # reads the listicle as stored, before this save
        else:
            obj.created_by = request.user
            if obj.author_id is None:
                obj.author = Author.objects.filter(user_id=request.user.pk).first()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        saving = request.listicle_saving
        saving.formsets = formsets
        if isinstance(form, CheckedListicleForm):
            saving.check = edit_conflicts.merge_overtaken(form, request.user)
        if isinstance(saving.check, Clash):
            return  # nothing is kept: `response_change` undoes the save and shows both versions
        summary = (change_summary(self, request, form, formsets) or "Saved") if change else "Created"
        saving.summary = summary
        if drafts.working() is None:  # a draft keeps its revision once the save is taken back
            revisions.record(form.instance, user=request.user, summary=summary)  # after the merge
        if isinstance(saving.check, Merged):
            self.message_user(request, saving.check.message, messages.INFO)

    def response_change(self, request, obj):
        saving = request.listicle_saving
        if isinstance(saving.check, Clash):
            transaction.savepoint_rollback(saving.savepoint)
            obj.refresh_from_db()
            return edit_conflicts.clash_page(self, request, obj, saving.form, saving.formsets, saving.check)
        transaction.savepoint_commit(saving.savepoint)  # the save stands
        merged = isinstance(saving.check, Merged)
        work = drafts.working()
        if work is not None:
            # Kept as the draft; the rows readers see are taken back once the page is answered.
            work.keep(
                user=request.user, summary=saving.summary, in_review=not workflow.is_editor(request.user)
            )
            work.merged = merged
            work.quiet = True
            try:
                return super().response_change(request, obj)
            finally:
                work.quiet = False
        moved = workflow_page.move_after_save(self, request, obj, merged=merged)
        return moved or super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        work = drafts.working()
        if work is not None and work.quiet:
            return  # "changed successfully": the draft's own message says what happened instead
        super().message_user(request, message, level, *args, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A live article's change page shows and saves its draft (`newsroom.drafts`): readers keep
        the live version until the draft is published."""
        # The page frames the preview beside its form (`side_preview`).
        return side_preview.may_frame_this_site(
            self._changeform_or_draft(request, object_id, form_url, extra_context)
        )

    def _changeform_or_draft(self, request, object_id, form_url, extra_context):
        listicle = self.get_object(request, unquote(object_id)) if object_id else None
        response = self.draft_or_changeform_view(request, listicle, object_id, form_url, extra_context)
        if request.method == "POST":
            self.after_post(request, listicle, response)
        return response

    def after_post(self, request, listicle, response):
        """The editor's autosave after the form was posted: a save clears it; a form refused with
        errors keeps the files it carried there, so the page can put them back."""
        if response.status_code in (301, 302, 303):
            autosaves.clear(request.user, listicle)
            autosave_pages.close_page(request)
        elif request.FILES and "adminform" in (getattr(response, "context_data", None) or {}):
            submission = request.POST.get(autosave_pages.SUBMISSION_FIELD, "")
            autosaves.keep_refused_files(request.user, listicle, request.FILES, submission=submission)

    def draft_or_changeform_view(self, request, listicle, object_id, form_url, extra_context):
        if listicle is None or not drafts.edits_into_draft(listicle):
            return super().changeform_view(request, object_id, form_url, extra_context)
        saving = request.method == "POST"
        with drafts.on_draft(listicle, lock=saving) as work:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # while the rows read as the draft
        if work.kept is None:
            return response
        pressed = drafts_page.after_save(self, request, listicle, work)
        moved = (
            None if pressed else workflow_page.move_after_save(self, request, listicle, merged=work.merged)
        )
        return pressed or moved or response


def day(moment):
    return formats.date_format(timezone.localtime(moment), "j F Y")

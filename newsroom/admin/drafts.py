"""The draft of a live article in the admin: its panel on the change page, the page comparing it
with the live version, and its buttons (publish, schedule, discard), each a POST with its own
permission check. Saving the change page into the draft is `ListicleAdmin.changeform_view`.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.views.decorators.http import require_http_methods, require_POST

from .. import autosaves, drafts, workflow
from ..drafts import DraftRefused
from .pages import page_listicle, page_url, render_page
from .transitions import ScheduleForm, when

# The name of the change form's draft buttons: the editor's changes are saved into the draft first.
DRAFT_BUTTON = "_draft"
PUBLISH, SCHEDULE = "publish", "schedule"
SCHEDULE_PREFIX = "draft-schedule"


class DraftActionForm(forms.Form):
    """The draft's revision the editor looked at: a draft saved since is not published blind."""

    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


def panel(model_admin, request, listicle, draft):
    """What the Publishing panel shows about the live version and its draft (`draft` or None)."""
    editor = workflow.is_editor(request.user)
    can_edit = model_admin.has_change_permission(request, listicle)
    form_id = f"{model_admin.opts.model_name}_form"
    schedule_form = ScheduleForm(
        initial={"publish_at": draft.publish_at} if draft and draft.publish_at else {},
        prefix=SCHEDULE_PREFIX,
        use_required_attribute=False,
    )
    for bound in schedule_form.fields.values():
        bound.widget.attrs["form"] = form_id
    return {
        "draft": draft,
        "editor": editor,
        "can_edit": can_edit,
        "form_id": form_id,
        "button_name": DRAFT_BUTTON,
        "schedule_form": schedule_form,
        "scheduled_for": when(draft.publish_at) if draft and draft.publish_at else "",
        "saved_at": draft.updated if draft else None,
        "compare_url": page_url(model_admin, "draft", listicle) if draft else "",
        "discard_url": page_url(model_admin, "draft_discard", listicle) if draft and can_edit else "",
    }


def after_save(model_admin, request, listicle, work):
    """After the change form was saved into the draft: say so, then press the draft button, if any."""
    draft = work.result
    if draft is None:
        model_admin.message_user(
            request,
            f"“{listicle}” reads as readers see it: there are no unpublished changes.",
            messages.SUCCESS,
        )
        return None
    if draft.in_review and not workflow.is_editor(request.user):
        said = (
            "Your changes are saved as a draft and wait for an editor’s review: readers see the live "
            "version until an editor publishes them."
        )
    else:
        said = (
            "Your changes are saved as a draft: readers see the live version until you press "
            "“Publish changes”."
        )
    pressed = request.POST.get(DRAFT_BUTTON)
    if pressed not in (PUBLISH, SCHEDULE) or not work.kept:
        model_admin.message_user(request, said, messages.SUCCESS)
        return None
    if work.merged:
        model_admin.message_user(
            request,
            f"{said} It was merged with changes made meanwhile: look it over, then press the button again.",
            messages.WARNING,
        )
        return None
    if pressed == PUBLISH:
        return publish(model_admin, request, listicle, expected=None)
    form = ScheduleForm(request.POST, prefix=SCHEDULE_PREFIX)
    if not form.is_valid():
        errors = " ".join(error for errors in form.errors.values() for error in errors)
        model_admin.message_user(request, f"{said} Not scheduled: {errors}", messages.ERROR)
        return None
    return schedule(model_admin, request, listicle, form.cleaned_data["publish_at"])


def publish(model_admin, request, listicle, *, expected):
    change_url = page_url(model_admin, "change", listicle)
    try:
        drafts.publish(listicle, by=request.user, expected=expected)
    except DraftRefused as refused:
        model_admin.message_user(request, str(refused), messages.ERROR)
        return HttpResponseRedirect(change_url, status=303)
    listicle.refresh_from_db()
    autosaves.clear(request.user, listicle)  # what they typed is published
    model_admin.log_change(request, listicle, "Published changes.")
    model_admin.message_user(
        request, f"The changes to “{listicle}” are published: readers see them now.", messages.SUCCESS
    )
    return HttpResponseRedirect(change_url, status=303)


def schedule(model_admin, request, listicle, publish_at):
    try:
        drafts.schedule(listicle, by=request.user, publish_at=publish_at)
    except DraftRefused as refused:
        model_admin.message_user(request, str(refused), messages.ERROR)
    else:
        model_admin.log_change(request, listicle, f"Scheduled changes for {when(publish_at)}.")
        model_admin.message_user(
            request,
            f"The changes to “{listicle}” are scheduled for {when(publish_at)}: readers see the live "
            "version until then.",
            messages.SUCCESS,
        )
    return HttpResponseRedirect(page_url(model_admin, "change", listicle), status=303)


@require_http_methods(["GET", "HEAD"])
def draft_view(request, object_id, *, model_admin):
    """The live version and the draft side by side, with the checks and the buttons."""
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_view_permission)
    draft = drafts.current(listicle)
    editor = workflow.is_editor(request.user)
    context = {"draft": draft, "editor": editor}
    if draft is not None:
        problems = drafts.problems(listicle, draft)
        context.update(
            changes=drafts.changes(listicle, draft),
            problems=problems,
            moved_to=drafts.moved_address(listicle, draft),
            publish_url=page_url(model_admin, "draft_publish", listicle),
            schedule_url=page_url(model_admin, "draft_schedule", listicle),
            discard_url=page_url(model_admin, "draft_discard", listicle)
            if model_admin.has_change_permission(request, listicle)
            else "",
            preview_url=page_url(model_admin, "preview", listicle),
            schedule_form=ScheduleForm(initial={"publish_at": draft.publish_at} if draft.publish_at else {}),
            scheduled_for=when(draft.publish_at) if draft.publish_at else "",
        )
    return render_page(model_admin, request, "draft.html", listicle, "Live version and draft", **context)


@require_POST
def publish_view(request, object_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_view_permission)
    form = DraftActionForm(request.POST)
    if not form.is_valid():
        model_admin.message_user(
            request,
            "Nothing was published: the draft's revision was not a number. Reload the page.",
            messages.ERROR,
        )
        return HttpResponseRedirect(page_url(model_admin, "draft", listicle), status=303)
    return publish(model_admin, request, listicle, expected=form.cleaned_data["revision"])


@require_POST
def schedule_view(request, object_id, *, model_admin):
    """Schedule the draft's publication, or with `cancel`, take its schedule away."""
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_view_permission)
    if "cancel" in request.POST:
        try:
            drafts.schedule(listicle, by=request.user, publish_at=None)
        except DraftRefused as refused:
            model_admin.message_user(request, str(refused), messages.ERROR)
        else:
            model_admin.log_change(request, listicle, "Cancelled the schedule of its changes.")
            model_admin.message_user(
                request, f"The changes to “{listicle}” are no longer scheduled.", messages.SUCCESS
            )
        return HttpResponseRedirect(page_url(model_admin, "change", listicle), status=303)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        errors = " ".join(error for errors in form.errors.values() for error in errors)
        model_admin.message_user(request, f"Not scheduled: {errors}", messages.ERROR)
        return HttpResponseRedirect(page_url(model_admin, "draft", listicle), status=303)
    return schedule(model_admin, request, listicle, form.cleaned_data["publish_at"])


@require_http_methods(["GET", "HEAD", "POST"])
def discard_view(request, object_id, *, model_admin):
    """GET asks for confirmation; POST drops the unpublished changes."""
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_change_permission)
    draft = drafts.current(listicle)
    change_url = page_url(model_admin, "change", listicle)
    if request.method == "POST":
        try:
            drafts.discard(listicle, by=request.user)
        except DraftRefused as refused:
            model_admin.message_user(request, str(refused), messages.ERROR)
        else:
            autosaves.clear(request.user, listicle)
            model_admin.log_change(request, listicle, "Discarded the draft.")
            model_admin.message_user(
                request,
                f"The unpublished changes to “{listicle}” are discarded. "
                "They stay in the history of revisions.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url, status=303)
    return render_page(
        model_admin,
        request,
        "discard.html",
        listicle,
        "Discard the draft",
        draft=draft,
        changes=drafts.changes(listicle, draft) if draft else [],
        discard_url=page_url(model_admin, "draft_discard", listicle),
    )

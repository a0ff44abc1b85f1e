"""The publishing workflow on the listicle change page: the status buttons, their confirmation
pages, the editorial checks and the transition history.

Who may change what (writers add listicles and change their own drafts, nothing more) is
`ListicleAdmin.has_change_permission`, which asks `newsroom.workflow`. The list's column, filter
and bulk actions are in `workflow_list`. The buttons are submit buttons of the change form:
pressing one saves the form (validated, edit conflicts merged or shown) and then the admin's
`response_change` calls `move_after_save`, so nothing typed is lost. Every status change goes
through `newsroom.workflow.transition`.
"""

from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from articles.models import Status

from .. import workflow
from ..editorial_checks import editorial_problems, editorial_warnings
from ..workflow import TransitionRefused
from .pages import page_url
from .transitions import ACTIONS, initial_for, perform, status_label, when

# The name of the change form's workflow buttons; the value is the action's slug.
WORKFLOW_BUTTON = "_workflow"


def button_form(action, listicle, form_id, request):
    """The note or time a button asks for, as fields of the change form (`form_id`), so pressing
    the button saves the editor's changes and makes the move in one submission."""
    prefix = f"workflow-{action.slug}"
    pressed = request.method == "POST" and request.POST.get(WORKFLOW_BUTTON) == action.slug
    form = action.form(
        request.POST if pressed else None,
        initial=initial_for(listicle),
        prefix=prefix,
        use_required_attribute=False,  # the change form's other buttons must not need them
    )
    for field in form.fields.values():
        field.widget.attrs["form"] = form_id
    return form


def transition_view(request, object_id, action, *, model_admin):
    """One status button: GET asks for confirmation (and a note or a time), POST does it."""
    action = ACTIONS.get(action)
    if action is None:
        raise Http404("There is no such workflow action.")
    listicle = model_admin.get_object(request, unquote(object_id))
    if listicle is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    if not model_admin.has_view_permission(request, listicle):
        raise PermissionDenied
    reason = workflow.move_refusal(listicle, action.move, request.user)
    if reason:
        model_admin.message_user(request, reason, messages.ERROR)
        return redirect(page_url(model_admin, "change", listicle))

    form = action.form(request.POST if request.method == "POST" else None, initial=initial_for(listicle))
    if form.is_valid():
        return make_move(model_admin, request, listicle, action, form.cleaned_data)
    status = 400 if form.is_bound else 200
    return confirmation_page(model_admin, request, listicle, action, form, status=status)


def move_after_save(model_admin, request, listicle, *, merged):
    """After the change form is saved: when a workflow button sent it, make that move next.

    `merged` says the save took in changes somebody else made meanwhile: the editor has not seen
    what the move would act on, so it waits for them. None when no button sent the form.
    """
    slug = request.POST.get(WORKFLOW_BUTTON)
    if not slug or IS_POPUP_VAR in request.POST:
        return None
    saved = "Your changes were saved."
    change_url = page_url(model_admin, "change", listicle)
    action = ACTIONS.get(slug)
    if action is not None and merged:
        model_admin.message_user(
            request,
            f"The article was not moved: look over the merged article, then press “{action.label}” again.",
            messages.WARNING,
        )
        return redirect(change_url)
    reason = (
        "There is no such workflow action."
        if action is None
        else workflow.move_refusal(listicle, action.move, request.user)
    )
    if reason:
        model_admin.message_user(request, f"{saved} {reason}", messages.ERROR)
        return redirect(change_url)
    prefix = f"workflow-{action.slug}"
    form = action.form(request.POST, prefix=prefix, initial=initial_for(listicle))
    if not form.is_valid():
        # Saved; the move still needs its note or time: the confirmation page asks again.
        model_admin.message_user(request, saved, messages.SUCCESS)
        typed = {name: request.POST.get(f"{prefix}-{name}", "") for name in form.fields}
        return confirmation_page(model_admin, request, listicle, action, action.form(typed), status=400)
    return make_move(model_admin, request, listicle, action, form.cleaned_data, saved=saved)


def make_move(model_admin, request, listicle, action, data, saved=""):
    """The transition behind `action`, reported to the editor; back to the change page."""
    try:
        record = perform(action, listicle, request.user, data)
    except TransitionRefused as refused:
        model_admin.message_user(request, f"{saved} {refused}".strip(), messages.ERROR)
    else:
        model_admin.log_change(request, listicle, f"{action.label} ({record}).")
        done = action.done.format(title=listicle, when=when(listicle.publish_at))
        model_admin.message_user(request, f"{saved} {done}".strip(), messages.SUCCESS)
    return redirect(page_url(model_admin, "change", listicle))


def confirmation_page(model_admin, request, listicle, action, form, status=200):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{action.label}: {listicle}",
        "subtitle": None,
        "opts": model_admin.opts,
        "original": listicle,
        "action": action,
        "form": form,
        "change_url": page_url(model_admin, "change", listicle),
        "transition_url": page_url(model_admin, "transition", listicle, action.slug),
        "problems": editorial_problems(listicle) if action.to == Status.PUBLISHED else [],
        "timezone": timezone.get_current_timezone_name(),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/articles/listicle/transition.html", context, status=status)


def workflow_context(model_admin, request, listicle):
    """What the change page shows about status: buttons, checks, the writer's note, the history."""
    moves = workflow.available_moves(listicle, request.user)
    form_id = f"{model_admin.opts.model_name}_form"
    buttons = [
        {
            "action": action,
            "label": "Cancel schedule"
            if action.slug == "unpublish" and listicle.is_scheduled
            else action.label,
            "url": page_url(model_admin, "transition", listicle, action.slug),
            "form": button_form(action, listicle, form_id, request),
        }
        for action in (ACTIONS[move.name] for move in moves)
    ]
    history = list(listicle.transitions.select_related("by"))
    latest = history[0] if history else None
    send_back = workflow.MOVES["send-back"]
    sent_back = (
        latest
        if latest
        and latest.from_status in send_back.sources
        and latest.to_status == send_back.to
        and not (latest.by is not None and workflow.is_own(listicle, latest.by))  # withdrawn
        else None
    )
    can_edit = model_admin.has_change_permission(request, listicle)
    return {
        "status": status_label(listicle),
        "status_key": "scheduled" if listicle.is_scheduled else listicle.status,
        "is_live": listicle.is_live,
        "buttons": buttons,
        "form_id": form_id,
        "button_name": WORKFLOW_BUTTON,
        "can_publish": any(button["action"].to == Status.PUBLISHED for button in buttons),
        "problems": editorial_problems(listicle) if listicle.status != Status.ARCHIVED else [],
        "warnings": editorial_warnings(listicle) if listicle.status != Status.ARCHIVED else [],
        "sent_back": sent_back if listicle.status == send_back.to else None,
        "history": history,
        "can_edit": can_edit,
        "hint": "" if can_edit else read_only_hint(model_admin, request, listicle),
        "timezone": timezone.get_current_timezone_name(),
    }


def read_only_hint(model_admin, request, listicle):
    """Why this user sees the listicle read-only, and when that changes."""
    if not model_admin.has_change_permission(request):
        return "You can read this listicle but not change it."
    if listicle.status == Status.REVIEW and workflow.is_own(listicle, request.user):
        return "An editor is reviewing it. If it is sent back to you, you can change it again."
    if listicle.status == Status.DRAFT:
        return "This draft belongs to another writer: you can read it; only they and editors can change it."
    return f"It is {workflow.DESCRIBED[listicle.status]}: only editors can change it now."

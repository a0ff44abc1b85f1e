"""The publishing workflow in the listicle admin.

`WorkflowAdminMixin` adds the status buttons, their POST-only URLs, the editorial checks and
the transition history to the change page, and the writers' limits: they add listicles and
change their own drafts, nothing more. The list's column, filter and bulk actions are in
`workflow_list`. The buttons are submit buttons of the change form: pressing one saves the form
(validated, edit conflicts refused) and then makes the move, so nothing typed is lost.
Every status change goes through `articles.workflow.transition`; every hook calls super().
"""

from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .. import workflow
from ..checks import editorial_problems, editorial_warnings
from ..models import Author, Status
from ..workflow import TransitionRefused
from .transitions import ACTIONS, initial_for, perform, status_label, when
from .workflow_list import WorkflowListMixin

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


class WorkflowAdminMixin(WorkflowListMixin):
    # Who may do what.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return workflow.can_edit(obj, request.user)
        return allowed

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        # The publication time changes only through the workflow's buttons (Publish now, Schedule,
        # Reschedule), so that every change of what readers see is checked and recorded.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if "publish_at" in fields else [*fields, "publish_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class ListicleFormFor(form):
            """The admin's form, told who fills it in (bylines are theirs to choose only if editors)."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, user=user, **kwargs)

        ListicleFormFor.__name__ = form.__name__
        return ListicleFormFor

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user_id=request.user.pk).first()
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            if obj.author_id is None:
                obj.author = Author.objects.filter(user_id=request.user.pk).first()
        super().save_model(request, obj, form, change)

    # The change page: buttons, checks, the writer's note and the history.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.transition_view)
        return [
            path("<path:object_id>/workflow/<slug:action>/", view, name="{}_{}_transition".format(*info)),
            *super().get_urls(),
        ]

    def change_url(self, listicle):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(listicle.pk)],
            current_app=self.admin_site.name,
        )

    def transition_view(self, request, object_id, action):
        """One status button: GET asks for confirmation (and a note or a time), POST does it."""
        action = ACTIONS.get(action)
        if action is None:
            raise Http404("There is no such workflow action.")
        listicle = self.get_object(request, unquote(object_id))
        if listicle is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, listicle):
            raise PermissionDenied
        reason = workflow.move_refusal(listicle, action.move, request.user)
        if reason:
            self.message_user(request, reason, messages.ERROR)
            return redirect(self.change_url(listicle))

        form = action.form(request.POST if request.method == "POST" else None, initial=initial_for(listicle))
        if form.is_valid():
            return self.make_move(request, listicle, action, form.cleaned_data)
        return self.confirmation_page(request, listicle, action, form, status=400 if form.is_bound else 200)

    def response_change(self, request, obj):
        """After the change form is saved: when a workflow button sent it, make that move next."""
        slug = request.POST.get(WORKFLOW_BUTTON)
        if not slug or IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        saved = "Your changes were saved."
        action = ACTIONS.get(slug)
        if action is not None and getattr(request, "edits_merged", False):
            # What the move would act on now includes changes the editor has not seen yet.
            self.message_user(
                request,
                "The article was not moved: look over the merged article, "
                f"then press “{action.label}” again.",
                messages.WARNING,
            )
            return redirect(self.change_url(obj))
        reason = (
            "There is no such workflow action."
            if action is None
            else workflow.move_refusal(obj, action.move, request.user)
        )
        if reason:
            self.message_user(request, f"{saved} {reason}", messages.ERROR)
            return redirect(self.change_url(obj))
        prefix = f"workflow-{action.slug}"
        form = action.form(request.POST, prefix=prefix, initial=initial_for(obj))
        if not form.is_valid():
            # Saved; the move still needs its note or time: the confirmation page asks again.
            self.message_user(request, saved, messages.SUCCESS)
            typed = {name: request.POST.get(f"{prefix}-{name}", "") for name in form.fields}
            return self.confirmation_page(request, obj, action, action.form(typed), status=400)
        return self.make_move(request, obj, action, form.cleaned_data, saved=saved)

    def make_move(self, request, listicle, action, data, saved=""):
        """The transition behind `action`, reported to the editor; back to the change page."""
        try:
            record = perform(action, listicle, request.user, data)
        except TransitionRefused as refused:
            self.message_user(request, f"{saved} {refused}".strip(), messages.ERROR)
        else:
            self.log_change(request, listicle, f"{action.label} ({record}).")
            done = action.done.format(title=listicle, when=when(listicle.publish_at))
            self.message_user(request, f"{saved} {done}".strip(), messages.SUCCESS)
        return redirect(self.change_url(listicle))

    def confirmation_page(self, request, listicle, action, form, status=200):
        context = {
            **self.admin_site.each_context(request),
            "title": f"{action.label}: {listicle}",
            "subtitle": None,
            "opts": self.opts,
            "original": listicle,
            "action": action,
            "form": form,
            "change_url": self.change_url(listicle),
            "transition_url": self.transition_url(listicle, action),
            "problems": editorial_problems(listicle) if action.to == Status.PUBLISHED else [],
            "timezone": timezone.get_current_timezone_name(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/listicle/transition.html", context, status=status)

    def transition_url(self, listicle, action):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_transition",
            args=[quote(listicle.pk), action.slug],
            current_app=self.admin_site.name,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change:
            context["workflow"] = self.workflow_context(request, obj)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def workflow_context(self, request, listicle):
        """What the change page shows about status: buttons, checks, the writer's note, the history."""
        moves = workflow.available_moves(listicle, request.user)
        form_id = f"{self.opts.model_name}_form"
        buttons = [
            {
                "action": action,
                "label": "Cancel schedule"
                if action.slug == "unpublish" and listicle.is_scheduled
                else action.label,
                "url": self.transition_url(listicle, action),
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
        can_edit = self.has_change_permission(request, listicle)
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
            "hint": "" if can_edit else self.read_only_hint(request, listicle),
            "timezone": timezone.get_current_timezone_name(),
        }

    def read_only_hint(self, request, listicle):
        """Why this user sees the listicle read-only, and when that changes."""
        if not self.has_change_permission(request):
            return "You can read this listicle but not change it."
        if listicle.status == Status.REVIEW and workflow.is_own(listicle, request.user):
            return "An editor is reviewing it. If it is sent back to you, you can change it again."
        if listicle.status == Status.DRAFT:
            return (
                "This draft belongs to another writer: you can read it; only they and editors can change it."
            )
        return f"It is {workflow.DESCRIBED[listicle.status]}: only editors can change it now."

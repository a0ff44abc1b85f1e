"""The status buttons of the listicle admin: what each one does and the form it asks for.

Each `Action` presents one move of `newsroom.workflow.MOVES` (which says what the button is called,
where it leads and who may press it): one button on the change page, one URL behind it, one
workflow transition.
"""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from .. import workflow


class SendBackForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="The writer sees this note on the listicle until they resubmit it.",
        error_messages={"required": "Write a note telling the writer what to change."},
    )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Choose when readers should see it.",
            "invalid": "Enter a date and time.",
        },
    )

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at <= timezone.now():
            raise forms.ValidationError(
                "Choose a time in the future. To publish straight away, use “Publish now”.", code="past"
            )
        return publish_at


class ConfirmForm(forms.Form):
    """Actions that need nothing but the press of a button."""


@dataclass(frozen=True)
class Action:
    """How the admin presents one move of `workflow.MOVES`: its form, success message and look."""

    move: workflow.Move
    done: str  # the success message; {title} and {when} are filled in
    danger: bool = False
    confirm: str = ""  # the button under the form, when the action asks for a note or a time

    slug = property(lambda self: self.move.name)
    label = property(lambda self: self.move.label)
    to = property(lambda self: self.move.to)

    @property
    def form(self):
        if self.move.timed:
            return ScheduleForm
        return SendBackForm if self.move.needs_note else ConfirmForm

    @property
    def confirm_label(self):
        return self.confirm or self.label

    def applies_to(self, listicle):
        return self.move.applies_to(listicle)


PRESENTATION = {
    "submit": {"done": "“{title}” is in review. An editor will publish it or send it back with a note."},
    "send-back": {
        "done": "“{title}” is back to draft; the writer sees your note.",
        "confirm": "Send back with this note",
    },
    "withdraw": {"done": "“{title}” is back to draft: you can change it again, then resubmit it."},
    "publish": {"done": "“{title}” is published: readers see it now."},
    "schedule": {
        "done": "“{title}” is scheduled for {when}: readers see it from then on.",
        "confirm": "Schedule for this time",
    },
    "publish-early": {
        "done": "“{title}” is published now instead of at its scheduled time: readers see it now.",
    },
    "reschedule": {
        "done": "“{title}” is rescheduled for {when}: readers see it from then on.",
        "confirm": "Reschedule for this time",
    },
    "unpublish": {
        "done": "“{title}” is unpublished and back to draft: readers no longer see it.",
        "danger": True,
    },
    "archive": {"done": "“{title}” is archived: readers no longer see it.", "danger": True},
    "restore": {"done": "“{title}” is a draft again."},
}

ACTIONS = {name: Action(move, **PRESENTATION[name]) for name, move in workflow.MOVES.items()}


def when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def status_label(listicle):
    if listicle.is_scheduled:
        return f"Scheduled for {when(listicle.publish_at)}"
    return listicle.get_status_display()


def perform(action, listicle, user, data):
    """The one transition behind `action`; returns its Transition row."""
    return workflow.transition(listicle, to=action.to, by=user, move=action.slug, **data)


def initial_for(listicle):
    """The schedule form starts from the listicle's publication time when that is still ahead."""
    if listicle.publish_at and listicle.publish_at > timezone.now():
        return {"publish_at": timezone.localtime(listicle.publish_at)}
    return {}

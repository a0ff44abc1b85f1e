"""The status buttons of the listicle admin: what each one does and the form it asks for.

Each `Action` is one button on the change page (and one URL behind it). Most are a single
workflow transition; moving a scheduled listicle's time is two, recorded as such, done together.
"""

from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from .. import workflow
from ..models import Status


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
    slug: str
    label: str
    to: str
    sources: tuple
    done: str  # the success message; {title} and {when} are filled in
    form: type = ConfirmForm
    danger: bool = False
    confirm: str = ""  # the button under the form, when the action asks for a note or a time
    # Moving a scheduled listicle's time: taken back to draft, then published again, both recorded.
    scheduled_only: bool = False

    @property
    def confirm_label(self):
        return self.confirm or self.label

    @property
    def steps(self):
        return (Status.DRAFT, self.to) if self.scheduled_only else (self.to,)

    def applies_to(self, listicle):
        return listicle.status in self.sources and (listicle.is_scheduled or not self.scheduled_only)


ACTIONS = {
    action.slug: action
    for action in [
        Action(
            "submit", "Submit for review", Status.REVIEW, (Status.DRAFT,),
            done="“{title}” is in review. An editor will publish it or send it back with a note.",
        ),
        Action(
            "send-back", "Send back to the writer", Status.DRAFT, (Status.REVIEW,),
            done="“{title}” is back to draft; the writer sees your note.",
            form=SendBackForm, confirm="Send back with this note",
        ),
        Action(
            "publish", "Publish now", Status.PUBLISHED, (Status.DRAFT, Status.REVIEW),
            done="“{title}” is published: readers see it now.",
        ),
        Action(
            "schedule", "Schedule", Status.PUBLISHED, (Status.DRAFT, Status.REVIEW),
            done="“{title}” is scheduled for {when}: readers see it from then on.",
            form=ScheduleForm, confirm="Schedule for this time",
        ),
        Action(
            "publish-early", "Publish now", Status.PUBLISHED, (Status.PUBLISHED,),
            done="“{title}” is published now instead of at its scheduled time: readers see it now.",
            scheduled_only=True,
        ),
        Action(
            "reschedule", "Reschedule", Status.PUBLISHED, (Status.PUBLISHED,),
            done="“{title}” is rescheduled for {when}: readers see it from then on.",
            form=ScheduleForm, confirm="Reschedule for this time", scheduled_only=True,
        ),
        Action(
            "unpublish", "Unpublish", Status.DRAFT, (Status.PUBLISHED,),
            done="“{title}” is unpublished and back to draft: readers no longer see it.", danger=True,
        ),
        Action(
            "archive", "Archive", Status.ARCHIVED, (Status.PUBLISHED,),
            done="“{title}” is archived: readers no longer see it.", danger=True,
        ),
        Action(
            "restore", "Restore to draft", Status.DRAFT, (Status.ARCHIVED,),
            done="“{title}” is a draft again.",
        ),
    ]
}  # fmt: skip


def when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def status_label(listicle):
    if listicle.is_scheduled:
        return f"Scheduled for {when(listicle.publish_at)}"
    return listicle.get_status_display()


@transaction.atomic
def perform(action, listicle, user, data):
    """Every step of `action`, or none of them; returns the last Transition row."""
    *before, last = action.steps
    for step in before:
        workflow.transition(listicle, to=step, by=user)
    return workflow.transition(listicle, to=last, by=user, **data)


def initial_for(listicle):
    """The schedule form starts from the listicle's publication time when that is still ahead."""
    if listicle.publish_at and listicle.publish_at > timezone.now():
        return {"publish_at": timezone.localtime(listicle.publish_at)}
    return {}

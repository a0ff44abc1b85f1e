"""A change page's save in words, as the admin's own history would put it."""

import json

from django.contrib.admin.models import LogEntry


def change_summary(model_admin, request, form, formsets):
    """What a save of `form` (and its inline `formsets`) changed, e.g. "Changed Quote.", or ""."""
    message = model_admin.construct_change_message(request, form, formsets, add=False)
    return LogEntry(change_message=json.dumps(message)).get_change_message()

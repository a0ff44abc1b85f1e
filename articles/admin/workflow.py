"""Workflow for the listicle admin: buttons, transitions, revisions, concurrency. (in progress)"""


class WorkflowAdminMixin:
    pass

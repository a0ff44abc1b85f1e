"""Revisions and concurrent-edit protection for the listicle admin. (in progress)"""


class RevisionAdminMixin:
    pass

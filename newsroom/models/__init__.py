from .history import Draft, Revision, Transition
from .previews import PreviewLink

__all__ = ["Draft", "PreviewLink", "Revision", "Transition"]

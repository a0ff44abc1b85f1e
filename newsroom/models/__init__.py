from .autosaves import Autosave, AutosaveFile
from .history import Draft, Revision, Transition
from .previews import PreviewLink

__all__ = ["Autosave", "AutosaveFile", "Draft", "PreviewLink", "Revision", "Transition"]

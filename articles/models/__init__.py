from .addresses import OldAddress
from .autosaves import Autosave, AutosaveFile
from .history import Draft, Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status, tag_order
from .previews import PreviewLink

__all__ = [
    "Author",
    "Autosave",
    "AutosaveFile",
    "Draft",
    "Entry",
    "EntryScene",
    "Listicle",
    "Numbering",
    "OldAddress",
    "PreviewLink",
    "Revision",
    "Status",
    "Transition",
    "tag_order",
]

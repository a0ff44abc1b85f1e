from .addresses import OldAddress
from .history import Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status, tag_order
from .previews import PreviewLink

__all__ = [
    "Author",
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

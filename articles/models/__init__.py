from .history import Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status, tag_order

__all__ = [
    "Author",
    "Entry",
    "EntryScene",
    "Listicle",
    "Numbering",
    "Revision",
    "Status",
    "Transition",
    "tag_order",
]

from .addresses import OldAddress
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status, tag_order

__all__ = [
    "Author",
    "Entry",
    "EntryScene",
    "Listicle",
    "Numbering",
    "OldAddress",
    "Status",
    "tag_order",
]

from .history import Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status
from .reactions import Reaction, ReactionKind, Vote

__all__ = [
    "Author",
    "Entry",
    "EntryScene",
    "Listicle",
    "Numbering",
    "Reaction",
    "ReactionKind",
    "Revision",
    "Status",
    "Transition",
    "Vote",
]

from .history import Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status

__all__ = ["Author", "Entry", "EntryScene", "Listicle", "Numbering", "Revision", "Status", "Transition"]

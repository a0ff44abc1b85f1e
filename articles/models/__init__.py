from .comments import BlockedWord, Comment, CommentFlag, CommentLike, CommentStatus
from .history import Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status

__all__ = [
    "Author",
    "BlockedWord",
    "Comment",
    "CommentFlag",
    "CommentLike",
    "CommentStatus",
    "Entry",
    "EntryScene",
    "Listicle",
    "Numbering",
    "Revision",
    "Status",
    "Transition",
]

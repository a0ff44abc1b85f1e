from .addresses import OldAddress
from .comments import (
    TAKEN_DOWN,
    BlockedWord,
    Comment,
    CommentFlag,
    CommentLike,
    CommentStatus,
    HeldFor,
    ReplyEmail,
)
from .history import Draft, Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status, tag_order
from .previews import PreviewLink

__all__ = [
    "Author",
    "BlockedWord",
    "Comment",
    "CommentFlag",
    "CommentLike",
    "CommentStatus",
    "Draft",
    "Entry",
    "EntryScene",
    "HeldFor",
    "Listicle",
    "Numbering",
    "OldAddress",
    "PreviewLink",
    "ReplyEmail",
    "Revision",
    "Status",
    "TAKEN_DOWN",
    "Transition",
    "tag_order",
]

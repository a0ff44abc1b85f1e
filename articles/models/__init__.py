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
from .history import Revision, Transition
from .listicles import Author, Entry, EntryScene, Listicle, Numbering, Status, tag_order
from .previews import PreviewLink
from .reactions import Reaction, ReactionKind, Vote

__all__ = [
    "Author",
    "BlockedWord",
    "Comment",
    "CommentFlag",
    "CommentLike",
    "CommentStatus",
    "Entry",
    "EntryScene",
    "HeldFor",
    "Listicle",
    "Numbering",
    "OldAddress",
    "PreviewLink",
    "Reaction",
    "ReactionKind",
    "ReplyEmail",
    "Revision",
    "Status",
    "TAKEN_DOWN",
    "Transition",
    "Vote",
    "tag_order",
]

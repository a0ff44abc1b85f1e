"""Long discussions for the comment page tests: many threads, long reply chains, made in bulk."""

from datetime import timedelta

from django.utils import timezone

from comments.models import Comment, CommentStatus
from tests import factories


def discussion(listicle, count, *, replies_per_thread=4, readers=5):
    """`count` published comments on `listicle`: a thread, then `replies_per_thread` replies to it
    (each answering the one before), and so on; one minute apart, oldest first. Returns the
    threads' roots in order."""
    people = [
        factories.reader_account(f"Reader {listicle.pk}-{n}", username=f"r{listicle.pk}x{n}")
        for n in range(readers)
    ]
    start = timezone.now() - timedelta(days=2)
    roots, parent = [], None
    for n in range(count):
        fields = {
            "listicle": listicle,
            "user": people[n % readers],
            "status": CommentStatus.PUBLISHED,
            "created": start + timedelta(minutes=n),
        }
        if n % (replies_per_thread + 1) == 0:
            parent = Comment.objects.create(body=f"Thread {len(roots)}", **fields)
            roots.append(parent)
        else:
            parent = Comment.objects.create(body=f"Reply {n}", parent=parent, thread=roots[-1], **fields)
    return roots

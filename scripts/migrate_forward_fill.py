# Run by `manage.py shell -c` in the version the check migrates from (scripts/migrate_forward.py),
# after `loaddemo`: fills every table a newsroom fills. It reads models through the app registry and
# uses only long-standing calls, so an older version runs it as it is.
import uuid

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

try:  # the newsroom's tools, in the app they live in at that version
    from newsroom import preview, revisions, workflow
except ImportError:
    from articles import preview, revisions, workflow


def model(name):
    """The model `name`, in whichever app holds it at that version (some moved out of articles)."""
    for app_label in ("articles", "newsroom", "comments", "reactions"):
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            continue
    raise LookupError(name)


User = get_user_model()
Listicle, Entry, Comment = model("Listicle"), model("Entry"), model("Comment")
Reaction, Vote, ReactionKind = model("Reaction"), model("Vote"), model("ReactionKind")
CommentLike, CommentFlag, BlockedWord = model("CommentLike"), model("CommentFlag"), model("BlockedWord")
ReplyEmail = model("ReplyEmail")
Revision, Transition, PreviewLink = model("Revision"), model("Transition"), model("PreviewLink")
ReaderProfile = apps.get_model("accounts", "ReaderProfile")

editor = User.objects.get(username="editor")
live = [listicle for listicle in Listicle.objects.order_by("pk") if listicle.is_live]
article = next(listicle for listicle in live if listicle.poll_question) if live else None
assert article is not None, "the demo has a live article with a reader's pick"
entries = list(Entry.objects.filter(listicle=article).order_by("position"))
kinds = list(ReactionKind.objects.order_by("position"))

readers = []
for n in range(6):
    reader = User.objects.create_user(f"reader{n}", f"reader{n}@example.com", uuid.uuid4().hex)
    ReaderProfile.objects.create(user=reader, display_name=f"Reader {n}")
    readers.append(reader)
readers[0].user_permissions.add(Permission.objects.get(codename="moderate_comment"))

for n, reader in enumerate(readers):
    thread = Comment.objects.create(listicle=article, user=reader, body=f"Thread {n}", status="published")
    for m, replier in enumerate(readers[:3]):
        Comment.objects.create(
            listicle=article,
            user=replier,
            body=f"Reply {m} to {n}",
            status="published",
            parent=thread,
            thread=thread,
        )
    CommentLike.objects.create(comment=thread, user=readers[(n + 1) % len(readers)])
    CommentFlag.objects.create(comment=thread, user=readers[(n + 2) % len(readers)], reason="spam")
    Reaction.objects.create(listicle=article, kind=kinds[n % len(kinds)], user=reader)
    Vote.objects.create(listicle=article, entry=entries[n % len(entries)], user=reader)
Comment.objects.create(listicle=article, user=readers[1], body="Waiting for a moderator", status="pending")
Comment.objects.create(listicle=article, user=readers[2], body="Hidden by a moderator", status="hidden")
for n in range(20):
    Reaction.objects.create(listicle=article, kind=kinds[n % len(kinds)], reader=uuid.uuid4().hex)
    Vote.objects.create(listicle=article, entry=entries[n % len(entries)], reader=uuid.uuid4().hex)
blocked = BlockedWord.objects.create(word="spoilerbomb")
for reply in Comment.objects.filter(thread__isnull=False).order_by("pk")[:2]:
    ReplyEmail.objects.create(comment=reply, state="sent")

for listicle in Listicle.objects.all():
    revisions.record(listicle, user=editor, summary="Checked before the release")
preview.make_token(article, by=editor)
draft = Listicle.objects.exclude(status="published").first() or Listicle.objects.create(
    title="A draft in review", slug="a-draft-in-review"
)
if draft.status == "draft":
    workflow.transition(draft, to="review", by=editor)
# A permission on a newsroom model held by a user of their own, beside the groups' ones.
readers[1].user_permissions.add(Permission.objects.get(codename="view_revision"))

newsroom = [model.objects.order_by("pk").first() for model in (Revision, Transition, PreviewLink)]
assert all(newsroom), "the demo and the lines above made a revision, a transition and a preview link"
for target in [article, draft, Comment.objects.first(), blocked, kinds[0], entries[0].drama, *newsroom]:
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        action_flag=CHANGE,
        change_message="[]",
    )
print("FILLED")

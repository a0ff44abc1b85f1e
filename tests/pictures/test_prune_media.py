"""`prune_media`: replaced and deleted images do not pile up, and nothing still needed is lost."""

import io

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import EntryScene
from newsroom import revisions
from pictures import renditions
from pictures.models import Image as LibraryImage
from tests import factories

pytestmark = pytest.mark.django_db


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), "olive").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def stored(settings):
    root = settings.MEDIA_ROOT
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def prune(*args):
    out = io.StringIO()
    call_command("prune_media", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media(settings):
    drama = factories.DramaFactory(poster=png("old.png"), poster_alt="Old poster")
    old_poster = drama.poster.name
    renditions.make_for(drama.poster.name)
    drama.poster = png("new.png")
    drama.save()
    renditions.make_for(drama.poster.name)
    actor = factories.ActorFactory(photo=png("gone.png"), photo_alt="Gone")
    gone = actor.photo.name
    actor.delete()
    entry = factories.full_entry(factories.PublishedListicleFactory())
    item = EntryScene.objects.create(entry=entry, image=png("moment.png"), image_alt="A moment", position=9)
    moment = item.image.name
    revisions.record(entry.listicle, user=None)
    item.delete()  # only the revision still names it
    # Each stored file got a library record; the editors took these out of the library.
    LibraryImage.objects.filter(file__in=[old_poster, gone, moment]).delete()
    return {"old": old_poster, "new": drama.poster.name, "gone": gone, "moment": moment}


def test_unreferenced_files_and_their_renditions_are_deleted(settings, media):
    output = prune("--grace", "0")

    left = stored(settings)
    assert media["old"] not in left and media["gone"] not in left
    assert not [name for name in left if name.startswith(f"renditions/{media['old']}/")]
    assert media["new"] in left
    assert f"renditions/{media['new']}/manifest.json" in left
    assert media["moment"] in left  # a revision can still bring it back
    assert f"Deleted {media['old']}" in output and f"Deleted {media['gone']}" in output
    assert output.strip().endswith("unreferenced files deleted.")


def test_dry_run_lists_but_deletes_nothing(settings, media):
    before = stored(settings)

    output = prune("--dry-run", "--grace", "0")

    assert stored(settings) == before
    assert f"Would delete {media['old']}" in output


def test_recent_uploads_are_kept_during_the_grace_period(settings, media):
    prune()

    assert media["old"] in stored(settings)


def test_pruned_renditions_leave_no_cached_manifest_behind(settings, media):
    drama = factories.DramaFactory(poster=png("again.png"), poster_alt="Again")
    name = drama.poster.name
    renditions.make_for(drama.poster.name)
    drama.delete()
    LibraryImage.objects.filter(file=name).delete()

    prune("--grace", "0")

    assert renditions.read_manifest(name, default_storage) is None
    assert cache.get(renditions.cache_key(name, default_storage)) is None


def test_negative_grace_is_refused():
    with pytest.raises(CommandError, match="--grace"):
        prune("--grace", "-1")


def test_the_current_share_card_of_each_article_is_kept_and_others_deleted(settings, client):
    article = factories.PublishedListicleFactory(title="Kept")
    gone = factories.PublishedListicleFactory(title="Gone")
    for listicle in (article, gone):
        html = client.get(listicle.get_absolute_url()).content.decode()
        card = html.split('<meta property="og:image" content="http://testserver', 1)[1].split('"', 1)[0]
        assert client.get(card).status_code == 200
    cards = {name for name in stored(settings) if name.startswith("cards/")}
    gone.delete()

    prune("--grace", "0")

    left = {name for name in stored(settings) if name.startswith("cards/")}
    assert len(cards) == 2
    assert left == {name for name in cards if name.startswith(f"cards/{article.pk}/")}


def test_a_file_the_media_library_holds_is_never_deleted_nor_its_renditions(settings):
    """A replaced poster leaves the drama but stays in the library, ready to be chosen again."""
    drama = factories.DramaFactory(poster=png("kept.png"), poster_alt="Kept poster")
    kept = drama.poster.name
    drama.poster = png("next.png")
    drama.save()
    library = LibraryImage.objects.create(file=png("uploaded.png"), alt="Only in the library")
    renditions.make_for(kept)
    renditions.make_for(library.file.name)

    prune("--grace", "0")

    left = stored(settings)
    assert {kept, library.file.name} <= left
    assert f"renditions/{kept}/manifest.json" in left
    assert f"renditions/{library.file.name}/manifest.json" in left
    assert any(name.startswith(f"renditions/{kept}/crops/0500-0500/") for name in left)


def test_crops_of_an_earlier_focal_point_go_once_past_their_grace(settings):
    image = LibraryImage.objects.create(file=png("moved.png"), alt="Moved")
    renditions.make_for(image.file.name)
    image.focal_x, image.focal_y = 0.1, 0.2
    image.save()
    renditions.make_for(image.file.name)  # what the save queues once it commits
    left = stored(settings)
    assert any("/crops/0100-0200/" in name for name in left)
    assert any("/crops/0500-0500/" in name for name in left)

    prune("--grace", "0")

    left = stored(settings)
    assert any("/crops/0100-0200/" in name for name in left)
    assert not any("/crops/0500-0500/" in name for name in left)
    assert image.file.name in left

"""Readers' choices counted once per change (`soompi.versioned`), per article.

An article's reaction counts and vote counts are kept under the article's own version of that
choice: every reaction or vote on it bumps it (a new or undone row through the signal below, a
moved one by `reader_choices.choose`), so counts are exact after every choice and the other articles'
stay kept.
"""

from django.db.models import Count

from articles.page_invalidation import pages_updated
from soompi import versioned


def choice_counts(model, field, listicle_id):
    """{`field` id: rows} of a readers' choice `model` (reactions, votes) on the listicle: one
    aggregate on its (listicle, `field`) index, so it equals the stored rows, made once per change."""

    def count():
        rows = model.objects.filter(listicle_id=listicle_id).order_by().values_list(f"{field}_id")
        return dict(rows.annotate(n=Count("id")))

    key, version = counts_kept_as(model, listicle_id)
    return versioned.read(key, count, version=version)


def counts_kept_as(model, listicle_id):
    """The key and version `choice_counts` keeps the counts of `model` under (the key is its version)."""
    return _choices(model, listicle_id), None


def choices_changed(model, listicle_id):
    """A reader's choice on the listicle was added, moved or taken back: its counts are counted
    again, and its page is purged from the caches in front of the site (`articles.purges`)."""
    versioned.changed(_choices(model, listicle_id))
    pages_updated.send(sender=model, listicle_ids=[listicle_id])


def choice_saved_or_deleted(sender, instance, **kwargs):
    choices_changed(sender, instance.listicle_id)


def choices_version(model, listicle_id):
    """The version name of a readers' choice `model`'s counts on the listicle."""
    return f"{model._meta.model_name}s:{listicle_id}"


_choices = choices_version

"""Writing a listicle out in the interchange format, deterministically."""

from django.db.models import Prefetch

from articles.models import Entry, EntryScene, Listicle, tag_order
from dramas.models import Role


def export_listicle(listicle):
    """The listicle as a JSON-serialisable dict: every key the importer accepts, in a fixed order,
    entries and scenes in reading order, tags and genres sorted. Reads it afresh in a fixed number
    of queries."""
    entries = Entry.objects.select_related("drama", "quote_role").prefetch_related(
        "featuring",
        "drama__tags",
        Prefetch("drama__roles", Role.objects.select_related("actor")),
        "drama__watch_links",
        Prefetch("scene_links", EntryScene.objects.select_related("scene")),
    )
    listicle = (
        Listicle.objects.select_related("author")
        .prefetch_related("tags", Prefetch("entries", entries))
        .get(pk=listicle.pk)
    )
    return {
        "title": listicle.title,
        "slug": listicle.slug,
        "dek": listicle.dek,
        "numbering": listicle.numbering,
        "intro": listicle.intro,
        "outro": listicle.outro,
        "poll_question": listicle.poll_question,
        "hero_alt": listicle.hero_alt,
        "allow_comments": listicle.allow_comments,
        "allow_reactions": listicle.allow_reactions,
        "author": author_data(listicle.author),
        "tags": [tag.name for tag in listicle.sorted_tags],
        "status": listicle.status,
        "publish_at": listicle.publish_at.isoformat() if listicle.publish_at else None,
        "entries": [entry_data(entry) for entry in listicle.entries.all()],
    }


def author_data(author):
    if author is None:
        return None
    return {"name": author.name, "slug": author.slug, "bio": author.bio, "instagram": author.instagram}


def sorted_names(tags):
    return sorted((tag.name for tag in tags), key=tag_order)


def drama_data(drama):
    return {
        "title": drama.title,
        "slug": drama.slug,
        "native_title": drama.native_title,
        "year": drama.year,
        "network": drama.network,
        "episodes": drama.episodes,
        "synopsis": drama.synopsis,
        "genres": sorted_names(drama.tags.all()),
        "cast": [
            {
                "actor": role.actor.name,
                "actor_slug": role.actor.slug,
                "character": role.character,
                "billing": role.billing,
            }
            for role in drama.roles.all()
        ],
        "watch": [{"provider": link.provider, "url": link.url} for link in drama.watch_links.all()],
    }


def entry_data(entry):
    cast = entry.drama.roles.all()
    featuring = {role.pk for role in entry.featuring.all()}
    quote_by = entry.quote_role if entry.quote_role and entry.quote_role.drama_id == entry.drama_id else None
    return {
        "drama": drama_data(entry.drama),
        "heading": entry.heading or None,
        "quote": entry.quote,
        "quote_by": quote_by.character if quote_by else None,
        "featuring": [role.character for role in cast if role.pk in featuring],
        "body": entry.body,
        "scenes": [item_data(link) for link in entry.scene_links.all()],
    }


def item_data(link):
    if not link.scene_id:
        return {
            "image": link.image.name,
            "alt": link.image_alt,
            "credit": link.credit,
            "lead_in": link.lead_in,
            "caption": link.caption,
        }
    return {
        "title": link.scene.title,
        "episode": link.scene.episode,
        "video_url": link.scene.video_url,
        "summary": link.scene.summary,
        "quote": link.scene.quote,
        "lead_in": link.lead_in,
        "caption": link.caption,
    }

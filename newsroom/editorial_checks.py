"""Editorial checks: what must be right before a listicle may be published, and what is worth a
second look (`editorial_warnings`, which never block).

Each problem is a sentence an editor can act on. The admin shows them on the change page, and
`workflow.transition` refuses to publish while there are any (only the site's operator may skip
them, from `import_listicle --skip-checks`, and the audit row records it).
"""

import re
from collections import defaultdict

from django.db.models import Prefetch

from dramas.link_checker import describe
from dramas.models import WatchLink

HEADLINE_NUMBER = re.compile(r"^\s*(?:top\s+)?(\d{1,3})\s", re.IGNORECASE)
ADDRESS_NUMBER = re.compile(r"^(?:top-)?(\d{1,3})-")


def headline_number(title):
    """The count a headline promises ("12 Most ..." → 12), or None when it starts with no number."""
    match = HEADLINE_NUMBER.match(title or "")
    return int(match.group(1)) if match else None


def saved_entries(listicle):
    """The listicle's entries with everything the checks look at, in two queries."""
    from articles.models import EntryScene

    entries = listicle.entries.select_related("drama", "quote_role__actor", "quote_role__drama")
    return entries.prefetch_related(Prefetch("scene_links", EntryScene.objects.select_related("scene")))


def editorial_problems(listicle, entries=None):
    """Every reason `listicle` is not ready for readers, as sentences; empty when it is ready.

    `entries` are checked instead of the saved ones when given (fetched as `saved_entries` does).
    """
    entries = list(saved_entries(listicle) if entries is None else entries)
    problems = []
    if listicle.author_id is None:
        problems.append("There is no author: choose who wrote it, readers see the byline.")
    if listicle.hero_image and not listicle.hero_alt.strip():
        problems.append("The hero image has no alt text: describe it for readers who cannot see it.")
    if not entries:
        problems.append("There are no entries yet: add at least one.")
    promised = headline_number(listicle.title)
    if entries and promised is not None and promised != len(entries):
        problems.append(
            f"The headline promises {promised} but there {'is' if len(entries) == 1 else 'are'} "
            f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}: fix the title or the entries."
        )
    for number, entry in enumerate(entries, start=1):
        problems.extend(entry_problems(number, entry))
    return problems


def entry_problems(number, entry):
    if entry.drama_id is None:
        return [f"Entry {number} has no drama: choose the drama it is about."]
    drama = entry.drama
    name = f"Entry {number} ({entry.display_heading})"
    problems = []
    if drama.poster and not drama.poster_alt.strip():
        problems.append(f"{name}: the poster of “{drama.title}” has no alt text.")
    if entry.quote.strip() and entry.quote_role_id is None:
        problems.append(f"{name}: the quote has no speaker; choose who says it.")
    elif entry.quote_role_id is not None and entry.quote_role.drama_id != entry.drama_id:
        problems.append(
            f"{name}: the quote is attributed to {entry.quote_role} from “{entry.quote_role.drama.title}”, "
            f"who is not in the cast of “{drama.title}”."
        )
    if entry.pk is not None:
        for place, link in enumerate(entry.scene_links.all(), start=1):
            if link.image and not link.image_alt.strip():
                problems.append(
                    f"{name}: the image at place {place} has no alt text: describe what it shows."
                )
            if link.scene_id and link.scene.still and not link.scene.still_alt.strip():
                problems.append(f"{name}: the still of the scene “{link.scene.title}” has no alt text.")
    return problems


def editorial_warnings(listicle):
    """What an editor may want to fix before publishing, as sentences; publishing still works."""
    warnings = []
    if not listicle.hero_image:
        warnings.append("There is no hero image: the home page and shared links will show none.")
    if listicle.pk is not None and not listicle.tags.exists():
        warnings.append("There are no tags: readers browsing a topic will not find it.")
    address = ADDRESS_NUMBER.match(listicle.slug or "")
    promised = headline_number(listicle.title)
    if address and promised is not None and int(address.group(1)) != promised:
        warnings.append(
            f"The address starts with “{address.group(1)}-” but the headline promises {promised}: "
            "tick “Also change the address to match the headline” and save (the old address will redirect)."
        )
    if listicle.pk is not None:
        warnings.extend(broken_link_warnings(listicle))
    return warnings


def broken_link_warnings(listicle):
    """A sentence per broken Watch Now link an entry shows (`dramas.link_health`), in two queries.
    Readers still see the link, so the editor is told rather than the link hidden."""
    entries = list(
        listicle.entries.order_by("position", "id").values_list("drama_id", "heading", "drama__title")
    )
    broken = defaultdict(list)
    for link in WatchLink.objects.broken().filter(drama__in={drama for drama, _h, _t in entries}):
        broken[link.drama_id].append(link)
    warnings = []
    for number, (drama_id, heading, title) in enumerate(entries, start=1):
        for link in broken[drama_id]:
            warnings.append(
                f"Entry {number} ({heading or title}): the Watch Now link on {link.get_provider_display()} "
                f"is broken ({describe(link.last_status)}, {link.failures} failed checks in a row); readers "
                f"still see it. Change or remove it on the page of “{title}”."
            )
    return warnings

"""A whole article as HTML for feed readers: the body of a feed item's `content:encoded`.

Feed readers show the article away from the site, without its stylesheet or scripts, so this is
plain HTML of the same content the page shows: the lead image, the intro, each entry (its number
and heading, the drama's facts, the quote and who says it, the characters it features with their
actors, the text, its clips as links and its images, where to watch it, with the page's UTM
parameters: `dramas.outbound`) and the closing words.
Every address is absolute, images point at the same renditions the page serves, and editors'
Markdown goes through the page's one sanitising renderer.

The listicle is read as `Listicle.objects.for_page()` reads it, so a feed of any number of
articles costs a fixed number of queries.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dramas.outbound import with_utm
from pictures.plain import plain_image

from .markdown import render_markdown_absolute
from .models import Numbering


def article_html(listicle, *, absolute):
    """The article's HTML; `absolute` turns a path into an absolute URL."""
    url = absolute(listicle.get_absolute_url())
    parts = []
    if listicle.hero_image:
        parts.append(figure(listicle.hero_image, listicle.hero_alt, absolute))
    parts.append(render_markdown_absolute(listicle.intro, url))
    if listicle.numbering == Numbering.LIST:
        parts.append(mark_safe("<p><em>(In no particular order)</em></p>"))  # noqa: S308
    parts += [
        entry_html(number, entry, url, absolute, campaign=listicle.slug)
        for number, entry in listicle.numbered()
    ]
    parts.append(render_markdown_absolute(listicle.outro, url))
    parts.append(format_html('<p><a href="{}">Read “{}” on the site</a></p>', url, listicle.title))
    return "\n".join(str(part) for part in parts if part)


def entry_html(number, entry, url, absolute, *, campaign):
    drama = entry.drama
    parts = [
        format_html(
            '<h2 id="entry-{}">{}. <a href="{}">{}</a></h2>',
            number,
            number,
            absolute(drama.get_absolute_url()),
            entry.display_heading,
        )
    ]
    facts = [fact for fact in (drama.native_title, drama.year, drama.network) if fact]
    if facts:
        parts.append(format_html("<p><small>{}</small></p>", " · ".join(str(fact) for fact in facts)))
    if entry.quote:
        said = format_html(" — {}", credit(entry.quote_role, absolute)) if entry.quote_role else ""
        parts.append(format_html("<blockquote><p>“{}”{}</p></blockquote>", entry.quote, said))
    roles = entry.featuring.all()
    if roles:
        credits = mark_safe(", ".join(credit(role, absolute) for role in roles))  # noqa: S308 -- each escaped
        parts.append(format_html("<p><strong>Featuring</strong> {}</p>", credits))
    parts.append(render_markdown_absolute(entry.body, url))
    for link in entry.scene_links.all():
        parts.append(render_markdown_absolute(link.lead_in, url))
        parts.append(clip(link.scene, absolute) if link.scene else moment(link, absolute))
        parts.append(render_markdown_absolute(link.caption, url))
    links = drama.watch_links.all()
    if links:
        where = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((with_utm(w.url, campaign), w.get_provider_display()) for w in links),
        )
        parts.append(format_html("<p>Watch “{}”: {}</p>", drama.title, where))
    return "\n".join(str(part) for part in parts if part)


def credit(role, absolute):
    """ "Character (Actor)", the actor linked to their page."""
    actor = role.actor
    return format_html(
        '{} (<a href="{}">{}</a>)', role.character, absolute(actor.get_absolute_url()), actor.name
    )


def clip(scene, absolute):
    """A clip as a link to its video (its still, when it has one, is the link's picture)."""
    video = scene.video
    episode = format_html(", episode {}", scene.episode) if scene.episode else ""
    if video is None:  # a scene shown by its still alone
        if not scene.still:
            return ""
        caption = format_html("<figcaption>{}{}</figcaption>", scene.title, episode)
        return format_html("<figure>{}{}</figure>", image(scene.still, scene.still_alt, absolute), caption)
    label = format_html("Watch “{}”{} on {}", scene.title, episode, video.provider)
    if scene.still:
        return format_html(
            '<figure><a href="{}">{}</a><figcaption><a href="{}">{}</a></figcaption></figure>',
            scene.video_url,
            image(scene.still, scene.still_alt, absolute),
            scene.video_url,
            label,
        )
    return format_html('<p><a href="{}">▶ {}</a></p>', scene.video_url, label)


def moment(link, absolute):
    """An image of an entry, with its credit."""
    caption = format_html("<figcaption>{}</figcaption>", link.credit) if link.credit else ""
    return format_html("<figure>{}{}</figure>", image(link.image, link.image_alt, absolute), caption)


def figure(file, alt, absolute):
    return format_html("<figure>{}</figure>", image(file, alt, absolute))


def image(file, alt, absolute):
    """An `<img>` of the rendition the page's `<img src>` falls back to, at its absolute URL."""
    plain = plain_image(file)
    size = format_html(' width="{}" height="{}"', plain.width, plain.height) if plain.width else ""
    return format_html('<img src="{}" alt="{}"{}>', absolute(plain.url), alt, size)

"""An article's entries as HTML, written out in Python.

`entry.html` (with its credits, clips, pictures, watch links and poll button) took some thousand
template variable lookups for the demo's twelve entries: the largest single part of a cold render
of an article. `entries_html` writes the same bytes in Python; `tests/articles/test_entry_html.py`
holds it byte for byte to the templates for every shape of entry (change both together). The
templates stay the reference, and pictures come from the `picture` tag's own function.
"""

import re

from django.urls import reverse
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

from dramas.outbound import with_utm
from pictures.templatetags.pictures import picture

from .markdown import render_markdown
from .templatetags.headlines import headline

WIDE = "(min-width: 760px) 720px, 100vw"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
STAND_IN_SLUG = "stand-in-slug-7391827364"


def entries_html(entries, *, listicle, poll):
    """What `listicle_detail.html`'s loop over `entries` ((number, entry) pairs, prefetched as
    `page_prefetches` does) renders between `<div class="entries">` and its end."""
    page = _Page(listicle, poll)
    return mark_safe("".join(f"\n      {page.entry(number, entry)}\n    " for number, entry in entries))  # noqa: S308


class _Page:
    """What the entries of one page share: addresses built once, the poll."""

    def __init__(self, listicle, poll):
        self.poll = poll
        self.campaign = listicle.slug
        if poll:
            self.confirm_url = esc(reverse("articles:confirm", args=[listicle.pk, listicle.slug, "vote"]))
            self.vote_url = esc(reverse("articles:vote", args=[listicle.pk, listicle.slug]))
        self.addresses = {
            "drama": reverse("dramas:drama", kwargs={"slug": STAND_IN_SLUG}).split(STAND_IN_SLUG),
            "actor": reverse("dramas:actor", kwargs={"slug": STAND_IN_SLUG}).split(STAND_IN_SLUG),
        }

    def url(self, kind, obj):
        """`obj.get_absolute_url()`, built from the page's stand-in address when the slug is one
        that the URL pattern takes as it is."""
        if SLUG.fullmatch(obj.slug or ""):
            before, after = self.addresses[kind]
            return esc(before + obj.slug + after)
        return esc(obj.get_absolute_url())

    def entry(self, number, entry):
        """`entry.html` for one entry."""
        drama = entry.drama
        facts = ""
        if drama.native_title or drama.year or drama.network:
            native = f'<span lang="ko">{esc(drama.native_title)}</span>' if drama.native_title else ""
            year = f"<span>{esc(drama.year)}</span>" if drama.year else ""
            network = f"<span>{esc(drama.network)}</span>" if drama.network else ""
            facts = (
                f'\n        <p class="entry__facts">\n          {native}\n          {year}\n'
                f"          {network}\n        </p>\n      "
            )
        quote = ""
        if entry.quote:
            by = ""
            if entry.quote_role:
                by = f"\n        <figcaption>— {self.credit(entry.quote_role)}</figcaption>\n      "
            quote = (
                '\n    <figure class="entry__quote">\n'
                f"      <blockquote><p>“{esc(entry.quote)}”</p></blockquote>\n"
                f"      {by}\n    </figure>\n  "
            )
        roles = entry.featuring.all()
        featuring = ""
        if roles:
            credits = ", ".join(self.credit(role) for role in roles)
            featuring = (
                '\n      <p class="entry__featuring"><span class="entry__label">Featuring</span>\n'
                f"        {credits}\n      </p>\n    "
            )
        body = f'<div class="entry__body prose">{markdown(entry.body)}</div>' if entry.body else ""
        scenes = "".join(self.scene_link(link) for link in entry.scene_links.all())
        links = drama.watch_links.all()
        watch = ""
        if links:
            watch = (
                '\n      <div class="watch">\n'
                f'        <p class="watch__label">Watch “{esc(drama.title)}”:</p>\n'
                f"        {watch_links(links, self.campaign)}\n      </div>\n    "
            )
        pick = self.poll_button(entry) if self.poll else ""
        n = esc(number)
        return (
            f'\n<section class="entry" id="entry-{n}" aria-labelledby="entry-{n}-heading">\n'
            '  <header class="entry__header">\n'
            f'    <h2 class="entry__heading" id="entry-{n}-heading">\n'
            f'      <span class="entry__number">{n}<span class="visually-hidden">.</span></span>\n'
            f'      <a class="entry__title" href="{self.url("drama", drama)}">'
            f"{headline(entry.display_heading)}</a>\n"
            "    </h2>\n"
            f"    \n      {facts}\n    \n"
            "  </header>\n\n"
            f"  {quote}\n\n"
            f"  \n    {featuring}\n  \n\n"
            f"  {body}\n\n"
            f"  {scenes}\n\n"
            f"  \n    {watch}\n  \n\n"
            f"  {pick}\n</section>\n"
        )

    def credit(self, role):
        """`credit.html`: "Character (Actor)", the actor linked to their page."""
        actor = role.actor
        return (
            f'<span class="credit">{esc(role.character)} (<a class="credit__actor" '
            f'href="{self.url("actor", actor)}">{esc(actor.name)}</a>)</span>'
        )

    def scene_link(self, link):
        """One item of an entry's sequence: a clip or an image, with text before and after it."""
        lead_in = f'<div class="prose">{markdown(link.lead_in)}</div>' if link.lead_in else ""
        caption = f'<div class="prose">{markdown(link.caption)}</div>' if link.caption else ""
        if link.scene:
            shown = f"\n        {video(link.scene)}\n      "
        else:
            credit = (
                f'<figcaption class="moment__credit">{esc(link.credit)}</figcaption>' if link.credit else ""
            )
            shown = (
                f'\n        <figure class="moment">\n          {pictured(link.image, link.image_alt, WIDE)}\n'
                f"          {credit}\n        </figure>\n      "
            )
        return (
            f'\n    <div class="entry__scene">\n      {lead_in}\n      {shown}\n      {caption}\n'
            "    </div>\n  "
        )

    def poll_button(self, entry):
        """`poll_button.html`."""
        pk = esc(entry.pk)
        mine = self.poll.mine == entry.pk
        return (
            f'<form class="pick" method="post" action="{self.confirm_url}" data-action="{self.vote_url}" '
            "data-poll-form>\n"
            f'  <button class="pick__button" type="submit" name="entry" value="{pk}" '
            'aria-describedby="poll-question"\n'
            f'          data-pick="{pk}" aria-pressed="{"true" if mine else "false"}">\n'
            '    <span class="pick__heart" aria-hidden="true">♥</span> This one!'
            '<span class="visually-hidden"> '
            f"{esc(entry.display_heading)}</span>\n"
            "  </button>\n"
            f'  <span class="pick__mine" data-pick-mine="{pk}"{"" if mine else " hidden"}>'
            "Your pick — press again to take it back</span>\n"
            '  <span class="pick__error" role="alert" data-pick-error hidden></span>\n'
            "</form>\n"
        )


def markdown(text):
    return esc(render_markdown(text))


def pictured(image, alt, sizes, img_class=""):
    """The `picture` tag's HTML."""
    return picture(image, alt, sizes=sizes, img_class=img_class)


def video(scene):
    """`video.html`: a clip with its still or a poster, or a still alone."""
    clip = scene.video
    title = esc(scene.title)
    episode = f' <span class="video__episode">Episode {esc(scene.episode)}</span>' if scene.episode else ""
    if clip:
        provider = esc(clip.provider)
        if scene.still:
            frame = f"\n          {pictured(scene.still, scene.still_alt, WIDE, 'video__still')}\n        "
            caption = (
                f'\n        <figcaption class="video__caption">\n          {title}{episode}\n'
                "        </figcaption>\n      "
            )
        else:
            poster_episode = (
                f'<span class="video__poster-episode">Episode {esc(scene.episode)}</span>'
                if scene.episode
                else ""
            )
            frame = (
                '\n          <div class="video__poster" aria-hidden="true">\n'
                f'            <span class="video__poster-provider">{provider}</span>\n'
                f'            <span class="video__poster-title">{title}</span>\n'
                f"            {poster_episode}\n          </div>\n        "
            )
            caption = ""
        shown = (
            '\n    <figure class="video">\n      <div class="video__frame" data-video-frame>\n'
            f"        {frame}\n"
            f'        <a class="video__play" href="{esc(scene.video_url)}" target="_blank" '
            'rel="noopener noreferrer" data-video-fallback>\n'
            '          <span class="video__icon" aria-hidden="true"></span>\n'
            f'          <span class="video__label">Watch “{title}” on {provider}'
            '<span class="visually-hidden"> (opens in a new tab)</span></span>\n'
            "        </a>\n"
            '        <button class="video__play" type="button" hidden data-video-play\n'
            f'                data-embed-url="{esc(clip.embed_url)}" '
            f'data-title="{title} ({provider} video)">\n'
            '          <span class="video__icon" aria-hidden="true"></span>\n'
            f'          <span class="video__label">Play “{title}” '
            f'<span class="video__notice">Loads the {provider} player</span></span>\n'
            "        </button>\n"
            "      </div>\n"
            f"      {caption}\n    </figure>\n  "
        )
    elif scene.still:
        shown = (
            f'\n    <figure class="still">\n      {pictured(scene.still, scene.still_alt, WIDE)}\n'
            f'      <figcaption class="video__caption">\n        {title}{episode}\n      </figcaption>\n'
            "    </figure>\n  "
        )
    else:
        shown = ""
    return f"\n\n  {shown}\n\n"


def watch_links(links, campaign):
    """`dramas/includes/watch_links.html`."""
    items = "".join(
        f'\n    <li>\n      <a class="button watch__button" href="{esc(with_utm(link.url, campaign))}" '
        'target="_blank" '
        'rel="noopener noreferrer">\n'
        f'        Watch Now <span class="watch__provider">on {esc(link.get_provider_display())}</span>'
        '<span class="visually-hidden"> (opens in a new tab)</span>\n'
        "      </a>\n    </li>\n  "
        for link in links
    )
    return f'<ul class="watch__links">\n  {items}\n</ul>\n'

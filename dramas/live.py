"""Knowledge-base rows that readers see on live content, and who may change them.

The knowledge base does not know what is built on it. The app that shows its rows to readers
registers a `LiveContent` with `register()` when it starts (in its AppConfig.ready()). The
knowledge-base admin then asks it, before a row is changed or deleted, which live items show the
row and whether the user may change what those items show; it refuses the change otherwise, and
after the change it hands the items over so that their history records it.
"""


class LiveContent:
    """What the knowledge base asks of the app that shows it. This default shows nothing, so
    every row may be changed by whoever may change it."""

    def showing(self, obj):
        """The live items (each printable for an editor) that show `obj`: a Drama, Actor, Role,
        Scene or WatchLink."""
        return []

    def may_change(self, user):
        """Whether `user` may change rows that live items show."""
        return True

    def about_to_change(self, items):
        """Called before a row that `items` show is changed or deleted."""

    def changed(self, items, *, user, summary):
        """Record on each of `items` that `user` changed a row it shows, as `summary` says."""


_live_content = LiveContent()


def register(live_content):
    """Make `live_content` the one the knowledge base asks; returns the one it replaces."""
    global _live_content
    previous, _live_content = _live_content, live_content
    return previous


def showing(obj):
    return list(_live_content.showing(obj)) if obj is not None and obj.pk is not None else []


def may_change(user):
    return _live_content.may_change(user)


def refuses(user, obj):
    """The live items that show `obj` when `user` may not change it; empty when they may."""
    if may_change(user):
        return []
    return showing(obj)


def about_to_change(items):
    if items:
        _live_content.about_to_change(items)


def changed(items, *, user, summary):
    if items:
        _live_content.changed(items, user=user, summary=summary)


def named(items, quotes="“”"):
    """The live `items` as an editor reads them: “A”, “B”, “C” and 2 more."""
    titles = [f"{quotes[0]}{item}{quotes[1]}" for item in items[:3]]
    if len(items) > 3:
        titles.append(f"{len(items) - 3} more")
    return ", ".join(titles[:-1]) + f" and {titles[-1]}" if len(titles) > 1 else titles[0]


def refusal(obj, items):
    """Why `obj` may not be changed: the live items that show it, named for an editor."""
    where = named(items)
    return (
        f"Readers see {obj._meta.verbose_name} “{obj}” in {where}, so only an editor who may publish "
        "can change it. Ask an editor, or add a new one."
    )

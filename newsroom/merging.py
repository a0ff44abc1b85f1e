"""Merging two editors' changes to one listicle, three ways, from the revision a form was opened from.

`base` is the snapshot the editor's form was loaded with (a revision), `theirs` the listicle as
somebody else saved it since, `mine` what the editor's save would make it. A value only one side
changed takes that side's value; a value both changed to different things is a `Clash`, which the
editor settles by seeing both versions. Listicle fields are merged one by one; entries are
matched by what they are about (their drama, as in `newsroom.comparison`) and merged field by
field, so two editors working on different entries, or different fields of one, never clash.
"""

from dataclasses import dataclass, field

from .comparison import _entry_identity, _entry_subject, _keyed, _label, _text
from .revisions import WORKFLOW_KEYS

# Entry fields an editor types: a clash on one of them can be settled by copying the other text.
TYPED = {"title", "dek", "intro", "outro", "poll_question", "hero_alt", "heading", "quote", "body"}
ENTRIES = "entries"


@dataclass(frozen=True)
class Clash:
    """A value both editors changed, each in their own way."""

    path: str  # "dek", "entries/goblin#1/quote", "entries" (the list itself)
    label: str  # "Dek", "Entry 2 · Goblin: quote"
    name: str  # the form field holding it: "dek", or the entry field name "quote"
    entry: tuple | None  # the entry's identity when the value belongs to an entry
    yours: object
    theirs: object

    @property
    def typed(self):
        """Whether the value is text the editor can take over as it is."""
        return self.name in TYPED

    @property
    def yours_text(self):
        return _text(self.yours)

    @property
    def theirs_text(self):
        return _text(self.theirs)


@dataclass
class Merge:
    snapshot: dict
    clashes: list = field(default_factory=list)
    theirs_changed: list = field(default_factory=list)  # labels of what only the other side changed
    mine_changed: list = field(default_factory=list)


def merge(base, theirs, mine, *, settled=()):
    """The Merge of `theirs` and `mine`, both changed from `base`; clashes whose path is in
    `settled` keep the editor's own value (they have seen both versions)."""
    result = Merge({})
    for key in dict.fromkeys([*base, *theirs, *mine]):
        if key == ENTRIES:
            continue
        if key in WORKFLOW_KEYS:  # where it stands in the workflow is never the form's to decide
            result.snapshot[key] = theirs.get(key)
            continue
        result.snapshot[key] = _merge_value(
            result, key, _label(key), key, None, base.get(key), theirs.get(key), mine.get(key), settled
        )
    result.snapshot[ENTRIES] = _merge_entries(
        result, base.get(ENTRIES) or [], theirs.get(ENTRIES) or [], mine.get(ENTRIES) or [], settled
    )
    return result


def _merge_value(result, path, label, name, entry, base, theirs, mine, settled):
    if mine == theirs:
        return mine
    if mine == base:
        result.theirs_changed.append(label)
        return theirs
    if theirs == base:
        result.mine_changed.append(label)
        return mine
    if path not in settled:
        result.clashes.append(Clash(path, label, name, entry, mine, theirs))
    return mine


def _merge_entries(result, base, theirs, mine, settled):
    by_key = [dict(zip(_keyed(items, _entry_identity), items, strict=True)) for items in (base, theirs, mine)]
    base_keys, theirs_keys, mine_keys = (list(keyed) for keyed in by_key)
    order = _merge_value(
        result,
        ENTRIES,
        "The list of entries and their order",
        ENTRIES,
        None,
        base_keys,
        theirs_keys,
        mine_keys,
        settled,
    )
    # An entry one side left out of the list that wins, while the other side changed it, is a clash.
    other = by_key[1] if order is mine_keys else by_key[2]
    changed_but_dropped = [
        key for key in base_keys if key not in order and key in other and other[key] != by_key[0][key]
    ]
    if changed_but_dropped and ENTRIES not in settled and not any(c.path == ENTRIES for c in result.clashes):
        result.clashes.append(
            Clash(ENTRIES, "The list of entries and their order", ENTRIES, None, mine_keys, theirs_keys)
        )
    entries = []
    for index, key in enumerate(order):
        base_entry, theirs_entry, mine_entry = (keyed.get(key) for keyed in by_key)
        if mine_entry is None or theirs_entry is None:
            entries.append(mine_entry or theirs_entry)
            continue
        base_entry = base_entry or {}
        subject = _entry_subject("", index, mine_entry)
        merged = {}
        for name in dict.fromkeys([*base_entry, *theirs_entry, *mine_entry]):
            if name == "drama":  # the same drama on both sides: its facts are the knowledge base's
                merged[name] = theirs_entry.get(name)
                continue
            merged[name] = _merge_value(
                result,
                f"{ENTRIES}/{key[0]}#{key[1]}/{name}",
                f"{subject}: {name.replace('_', ' ')}",
                name,
                key,
                base_entry.get(name),
                theirs_entry.get(name),
                mine_entry.get(name),
                settled,
            )
        entries.append(merged)
    return entries

"""Which saved entry each entry of a file updates, so that what readers gave an entry stays with it.

Readers' votes in the reader's pick belong to an entry, by its id. Updating entries by their place
in the list would hand an entry's votes to whichever entry takes its place after a reorder, and
delete the votes of the entries at the end. So an entry of the file updates, in this order:

1. the saved entry it names by id (a revision knows the ids of its entries; a file does not);
2. else the first saved entry about the same drama that no entry of the file names or took;
3. else, when the file names no ids at all, the saved entry at its own place if nothing took it
   (an entry whose drama was corrected in place keeps its votes);
4. else a new entry.

Saved entries that no entry of the file took are deleted, and their votes with them.
"""


def match(rows, dramas, ids=None):
    """For each entry of the file, the saved row it updates, or None where a new one is made.

    `rows` are the listicle's saved entries in reading order, with their drama loaded; `dramas`
    the drama slug of each entry of the file, in its order; `ids` the id each of them had when a
    revision was kept (None for a file, or for a revision kept before ids were).
    """
    if ids is not None and len(ids) != len(dramas):
        ids = None
    by_id = {row.pk: row for row in rows}
    matched, taken = [None] * len(dramas), set()
    for index, pk in enumerate(ids or []):
        if pk in by_id and pk not in taken:
            matched[index] = by_id[pk]
            taken.add(pk)
    for index, slug in enumerate(dramas):
        if matched[index] is None:
            row = next((row for row in rows if row.pk not in taken and row.drama.slug == slug), None)
            if row is not None:
                matched[index] = row
                taken.add(row.pk)
    if ids is None:
        for index, row in enumerate(rows[: len(dramas)]):
            if matched[index] is None and row.pk not in taken:
                matched[index] = row
                taken.add(row.pk)
    return matched


def left_over(rows, matched):
    """The saved rows no entry of the file took: the import deletes them."""
    taken = {row.pk for row in matched if row is not None}
    return [row for row in rows if row.pk not in taken]

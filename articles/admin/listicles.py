# Owned by the admin work: ListicleAdmin, EntryAdmin, AuthorAdmin.

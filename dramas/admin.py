# Owned by the admin work.

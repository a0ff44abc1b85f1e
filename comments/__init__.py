"""Readers' comments under an article: threads and replies, likes and flags, what waits for a
moderator and the moderation admin, and the emails telling an author of a reply. Its models began
in `articles` and kept their tables when they moved here."""

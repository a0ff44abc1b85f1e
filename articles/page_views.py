"""A reader viewed an article: the `viewed` signal, sent by the private `me` request.

Article pages come from nginx's or a CDN's cache, so the page's own request never reaches the
application; `static/js/reader.js` asks `me/?view=1` once when a page loads (not when the browser
restores a page from its back-forward cache, nor when a script asks `me/` again), and the view
sends `viewed` for a published article. The app that counts views (`readership`) listens: articles
names none of it.
"""

from django.dispatch import Signal

# Sent with `request` and `listicle_id` once per page view of a published article.
viewed = Signal()

VIEW_PARAMETER = "view"


def is_page_view(request):
    """Whether this `me` request is the one a page view makes when it loads (`?view=1`)."""
    return request.GET.get(VIEW_PARAMETER) == "1"

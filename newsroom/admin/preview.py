"""Staff preview: any listicle the user may see, in the real article page, from its change page.

The preview beside the change form opens with this page in its frame (`side_preview`)."""

from django.views.decorators.http import require_safe

from .. import preview
from .pages import page_listicle
from .side_preview import framed_by_this_site


@require_safe
def preview_view(request, object_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_view_permission)
    return framed_by_this_site(preview.PreviewView.as_view()(request, pk=listicle.pk))

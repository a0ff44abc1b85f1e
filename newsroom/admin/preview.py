"""Staff preview: any listicle the user may see, in the real article page, from its change page."""

from django.views.decorators.http import require_safe

from .. import preview
from .pages import page_listicle


@require_safe
def preview_view(request, object_id, *, model_admin):
    listicle = page_listicle(model_admin, request, object_id, model_admin.has_view_permission)
    return preview.PreviewView.as_view()(request, pk=listicle.pk)

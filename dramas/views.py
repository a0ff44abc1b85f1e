"""Drama and actor pages. (in progress)"""

from django.views.generic import TemplateView

DramaView = ActorView = TemplateView

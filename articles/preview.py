"""Signed preview links. (in progress)"""

from django.http import Http404
from django.views import View


class SignedPreviewView(View):
    def get(self, request, token):
        raise Http404

"""allauth's adapter, asking the site which address a request came from (soompi/client_ip.py), so its
rate limits count per reader's address behind nginx rather than once for the whole site."""

from allauth.account.adapter import DefaultAccountAdapter

from soompi.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        return client_ip(request)

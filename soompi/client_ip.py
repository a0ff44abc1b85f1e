"""The address a request came from, seen through the proxies this site trusts and no further.

Behind nginx every request reaches the app server from nginx's own address, so `REMOTE_ADDR` is the
same for every reader. The client is then in `X-Forwarded-For`, which anyone may also send: only the
entries appended by our own proxies can be believed, counted from the right. Two settings say how far
to believe it (both default to trusting nobody, i.e. `REMOTE_ADDR`):

- `TRUSTED_PROXIES`: networks (CIDR) our proxies connect from. `X-Forwarded-For` is read only when
  `REMOTE_ADDR` is one of them, and walked from the right past every address inside them: the first
  address outside is the client. A request reaching the app server directly cannot forge its address.
- `TRUSTED_PROXY_COUNT`: how many proxies stand in front; the client is that many entries from the
  right of `X-Forwarded-For` (deploy/nginx.conf overwrites the header with the address it saw, so 1).

With both set, the count applies only to requests arriving from a trusted network. A header that
is missing, too short or malformed never raises: the answer falls back to the nearest address known
to be right (the proxy's own, at worst), so a forged header can neither fail a request nor pick an
address. django-axes (`AXES_CLIENT_IP_CALLABLE`), allauth (`accounts.adapter`) and django-ratelimit
(`RATELIMIT_IP_META_KEY`) all ask `client_ip()`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "0.0.0.0"  # noqa: S104 - a request without any usable address shares this one bucket


def parse_address(value):
    """An IP address as a canonical string, or None; accepts `[v6]`, `v4:port` and `[v6]:port`."""
    text = (value or "").strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def trusted_networks():
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def is_trusted(address, networks):
    ip = ipaddress.ip_address(address)
    return any(ip.version == network.version and ip in network for network in networks)


def forwarded_chain(request):
    """The `X-Forwarded-For` entries, oldest first; a malformed entry is None."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [parse_address(entry) for entry in header.split(",")] if header.strip() else []


def client_ip(request):
    """The client's address as far as the trusted proxies vouch for it (see the module docstring)."""
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    networks = trusted_networks()
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if remote is None:
        return UNKNOWN
    if networks and not is_trusted(remote, networks):
        return remote
    if not networks and count <= 0:
        return remote
    chain = forwarded_chain(request)
    if count > 0:
        # The proxies' own entries are the last `count`; the client is the first of them. A shorter
        # header came past fewer proxies: its oldest entry was still written by one of ours.
        if not chain:
            return remote
        entry = chain[-count] if len(chain) >= count else chain[0]
        return entry or remote
    # Walk back from the nearest proxy while the address is one of ours.
    address = remote
    for entry in reversed(chain):
        if not is_trusted(address, networks):
            break
        if entry is None:
            return address
        address = entry
    return address

"""System checks: a purge backend chosen or half-configured names the missing variable at start,
rather than failing silently at the first edit (`manage.py check`)."""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

from .backends import BACKENDS

# The variables each backend needs: all of them, or (nginx) any one of them.
NEEDS = {
    "nginx": ("any", ("FRONTEND_CACHE_NGINX_CACHE_DIR", "FRONTEND_CACHE_NGINX_URL")),
    "cloudflare": ("all", ("CLOUDFLARE_ZONE_ID", "CLOUDFLARE_API_TOKEN")),
    "fastly": ("all", ("FASTLY_SERVICE_ID", "FASTLY_API_KEY")),
}


@register()
def frontend_cache_configured(app_configs=None, **kwargs):
    chosen = settings.FRONTEND_CACHE_BACKENDS
    problems = [
        Error(
            f"FRONTEND_CACHE_BACKENDS names {name!r}, which is not a frontend cache backend.",
            hint=f"Use a comma list of {', '.join(BACKENDS)}.",
            id="frontend_cache.E001",
        )
        for name in chosen
        if name not in BACKENDS
    ]
    for name, (rule, variables) in NEEDS.items():
        given = [variable for variable in variables if getattr(settings, variable)]
        missing = [variable for variable in variables if variable not in given]
        complete = bool(given) if rule == "any" else not missing
        if name in chosen and not complete:
            problems.append(
                Error(
                    f"FRONTEND_CACHE_BACKENDS names {name!r}, but "
                    f"{(' or ' if rule == 'any' else ', ').join(missing)} is not set.",
                    hint="Set it, or leave the backend out of FRONTEND_CACHE_BACKENDS.",
                    id="frontend_cache.E002",
                )
            )
        elif rule == "all" and given and missing:
            problems.append(
                Error(
                    f"{', '.join(given)} is set without {', '.join(missing)}: "
                    f"the {name} backend is half-configured.",
                    hint=f"Set {', '.join(missing)}, or unset {', '.join(given)}.",
                    id="frontend_cache.E003",
                )
            )
        elif complete and name not in chosen:
            problems.append(
                Warning(
                    f"{', '.join(given)} is set but FRONTEND_CACHE_BACKENDS does not name {name!r}: "
                    "nothing is purged there.",
                    hint=f"Add {name} to FRONTEND_CACHE_BACKENDS.",
                    id="frontend_cache.W001",
                )
            )
    cache_dir = settings.FRONTEND_CACHE_NGINX_CACHE_DIR
    if "nginx" in chosen and cache_dir and not os.path.isdir(cache_dir):
        problems.append(
            Warning(
                f"FRONTEND_CACHE_NGINX_CACHE_DIR={cache_dir!r} is not a folder (yet): "
                "purges find nothing there.",
                hint="Give it the folder of proxy_cache_path in deploy/nginx.conf.",
                id="frontend_cache.W002",
            )
        )
    if chosen:
        problems += [
            Error(
                f"FRONTEND_CACHE_BASE_URLS has {base!r}, which is not an http(s) address.",
                hint="The public addresses of the site, e.g. https://www.soompi.com (default: SITE_URL).",
                id="frontend_cache.E004",
            )
            for base in settings.FRONTEND_CACHE_BASE_URLS
            if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).netloc
        ]
    return problems

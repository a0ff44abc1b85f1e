"""gunicorn settings for one Soompi app server: `gunicorn -c deploy/gunicorn.conf.py soompi.wsgi`.

Environment: GUNICORN_BIND (default 127.0.0.1:8001), WEB_CONCURRENCY (worker processes, default
2 per core + 1), GUNICORN_THREADS (threads per worker, default 4), plus the app's own variables.
"""

import ctypes
import ctypes.util
import multiprocessing
import os
import re
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")


def control_socket_for(bind):
    """This instance's own control socket (gunicornc), named after what it binds.

    gunicorn's default is one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl),
    so a second app server on the same machine would take the first one's socket over.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) if runtime and os.path.isdir(runtime) else Path.home() / ".gunicorn"
    name = re.sub(r"[^A-Za-z0-9.-]+", "-", bind.removeprefix("unix:")).strip("-")
    return str(folder / f"gunicorn-{name}.ctl")


control_socket = control_socket_for(bind)
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A worker stuck longer than this is replaced; pages answer in milliseconds.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows; jitter keeps them from restarting together.
max_requests = 5000
max_requests_jitter = 500
# Requests larger than these never reach Django (nginx caps bodies before them).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# nginx on the same machine sets X-Forwarded-For/-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app believes the client address nginx writes into X-Forwarded-For (soompi/client_ip.py) only from
# those same addresses, one proxy deep, unless TRUSTED_PROXIES / TRUSTED_PROXY_COUNT say otherwise.
# Workers load the app after this file has run, so they see these defaults.
if forwarded_allow_ips.strip() != "*":
    os.environ.setdefault("TRUSTED_PROXIES", forwarded_allow_ips)
    os.environ.setdefault("TRUSTED_PROXY_COUNT", "1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def cap_malloc_arenas(arenas=2):
    """At most `arenas` glibc malloc arenas per process, as `MALLOC_ARENA_MAX=2` would set.

    glibc gives threads arenas of their own, up to eight per core, and memory freed in one is
    rarely handed back; with gthread workers a worker's resident memory then swings by several
    MiB with whichever threads served the last requests. Set here, in the master before it forks,
    so every worker has it however the server is started; an explicit `MALLOC_ARENA_MAX` wins,
    and a C library without `mallopt` (musl) is left alone.
    """
    if os.environ.get("MALLOC_ARENA_MAX"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, arenas)  # M_ARENA_MAX from <malloc.h>
    except (OSError, AttributeError):
        pass


cap_malloc_arenas()
errorlog = "-"

"""Runs deploy/nginx.conf on loopback for the tests and scripts: the same file, with the app servers,
the port, MEDIA_ROOT, the page cache's folder and the compressing server's socket of the run typed
over its marked lines.

    python scripts/nginx_local.py WORKDIR PORT MEDIA_ROOT APP_PORT [APP_PORT...]

writes WORKDIR/nginx-main.conf and starts nginx with it (pid in WORKDIR/nginx.pid). The page cache
lives in WORKDIR/nginx-cache (`cache_dir(WORKDIR)`); app servers whose environment has
`purge_env(WORKDIR, PORT)` purge it when pages change (readers must ask for 127.0.0.1:PORT, the host
the purges name). When Debian's Brotli module is installed (libnginx-mod-http-brotli-filter) it is
loaded and the conf's Brotli lines are switched on. NGINX_WORKERS sets worker_processes (default 1;
`auto` for one per core).
"""

import getpass
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

DEPLOY_CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
SOCKET_PATH_MAX = 100  # a unix socket's path holds at most 107 bytes


def cache_dir(work):
    return Path(work) / "nginx-cache"


def purge_env(work, port):
    """The environment app servers behind this nginx need for their purges to reach its cache
    (frontend_cache's nginx backend deleting the files of the pages readers ask 127.0.0.1:PORT for)."""
    return {
        "FRONTEND_CACHE_BACKENDS": "nginx",
        "FRONTEND_CACHE_NGINX_CACHE_DIR": str(cache_dir(work)),
        "FRONTEND_CACHE_BASE_URLS": f"http://127.0.0.1:{port}",
    }


def compress_socket(work):
    path = Path(work).resolve() / "nginx-compress.sock"
    if len(str(path)) > SOCKET_PATH_MAX:
        path = Path("/tmp") / f"nginx-{hashlib.sha256(str(path).encode()).hexdigest()[:16]}.sock"  # noqa: S108
    return path


def brotli_available():
    return BROTLI_MODULE.exists()


def site_conf(port, media_root, app_ports, work=None, brotli=None):
    work = Path(work or media_root)
    text = DEPLOY_CONF.read_text()
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in app_ports)
    upstream = r"(upstream soompi_app \{\n(?:.*\n)*?)(    server .*\n)+"
    text = re.sub(upstream, lambda m: m.group(1) + servers, text)
    text = re.sub(r"listen \d+;", f"listen 127.0.0.1:{port};", text)
    text = re.sub(r"alias [^;]+;", f"alias {str(media_root).rstrip('/')}/;", text)
    text = re.sub(r"proxy_cache_path \S+ ", f"proxy_cache_path {cache_dir(work)} ", text)
    text = re.sub(r"unix:\S+\.sock;", f"unix:{compress_socket(work)};", text)
    if brotli_available() if brotli is None else brotli:
        text = re.sub(r"^(\s*)#\[brotli\] ", r"\1", text, flags=re.MULTILINE)
    return text


def main_conf(work, port, media_root, app_ports, brotli=None, workers=1):
    work = Path(work)
    brotli = brotli_available() if brotli is None else brotli
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {name}_temp_path {work}/nginx-{name};" for name in kinds)
    user = "user root;\n" if getpass.getuser() == "root" else ""
    modules = f"load_module {BROTLI_MODULE};\n" if brotli else ""
    return (
        f"{modules}{user}worker_processes {workers};\npid {work}/nginx.pid;\n"
        f"error_log {work}/nginx-error.log warn;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n    access_log off;\n{temp}\n{site_conf(port, media_root, app_ports, work, brotli)}\n}}\n"
    )


def start(work, port, media_root, app_ports, brotli=None, workers=1):
    path = Path(work) / "nginx-main.conf"
    path.write_text(main_conf(work, port, media_root, app_ports, brotli, workers))
    subprocess.run(["nginx", "-c", str(path), "-p", str(work), "-q"], check=True)  # noqa: S603, S607
    return path


if __name__ == "__main__":
    work, port, media_root, *apps = sys.argv[1:]
    start(work, int(port), media_root, [int(p) for p in apps], workers=os.environ.get("NGINX_WORKERS", "1"))

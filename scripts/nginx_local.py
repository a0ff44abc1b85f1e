"""Runs deploy/nginx.conf on loopback for the tests and scripts: the same file, with the app servers,
the port and MEDIA_ROOT of the run typed over its marked lines.

    python scripts/nginx_local.py WORKDIR PORT MEDIA_ROOT APP_PORT [APP_PORT...]

writes WORKDIR/nginx-main.conf and starts nginx with it (pid in WORKDIR/nginx.pid).
"""

import getpass
import re
import subprocess
import sys
from pathlib import Path

DEPLOY_CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


def site_conf(port, media_root, app_ports):
    text = DEPLOY_CONF.read_text()
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in app_ports)
    upstream = r"(upstream soompi_app \{\n(?:.*\n)*?)(    server .*\n)+"
    text = re.sub(upstream, lambda m: m.group(1) + servers, text)
    text = re.sub(r"listen \d+;", f"listen 127.0.0.1:{port};", text)
    return re.sub(r"alias [^;]+;", f"alias {str(media_root).rstrip('/')}/;", text)


def main_conf(work, port, media_root, app_ports):
    work = Path(work)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {name}_temp_path {work}/nginx-{name};" for name in kinds)
    user = "user root;\n" if getpass.getuser() == "root" else ""
    return (
        f"{user}worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/nginx-error.log warn;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n    access_log off;\n{temp}\n{site_conf(port, media_root, app_ports)}\n}}\n"
    )


def start(work, port, media_root, app_ports):
    path = Path(work) / "nginx-main.conf"
    path.write_text(main_conf(work, port, media_root, app_ports))
    subprocess.run(["nginx", "-c", str(path), "-p", str(work), "-q"], check=True)  # noqa: S603, S607
    return path


if __name__ == "__main__":
    work, port, media_root, *apps = sys.argv[1:]
    start(work, int(port), media_root, [int(p) for p in apps])

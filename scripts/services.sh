# Private services on loopback for the load, fault and cluster scripts: a PostgreSQL cluster, a Redis,
# gunicorn app servers. Never the machine's shared PostgreSQL or Redis. Source it, then call
# `services_init NAME`; everything started is stopped by the EXIT trap it installs, whatever happens.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
SHORT="${SHORT:-${CI:-}}"
[ "$SHORT" = "false" ] || [ "$SHORT" = "0" ] && SHORT=""
PIDS=()

log() { printf '[%s %s] %s\n' "$(date +%T)" "$NAME" "$*"; }
die() { log "FAILED: $*"; exit 1; }

services_init() {
    NAME="$1"
    WORK="$(mktemp -d "/tmp/soompi-$NAME.XXXXXX")"
    chmod 1777 "$WORK"  # the private PostgreSQL runs as postgres and writes its log and socket here
    trap services_cleanup EXIT
    trap 'exit 130' INT TERM
    need_tools
}

need_tools() {
    local missing=()
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v curl >/dev/null || missing+=(curl)
    [ -x "$PGBIN/initdb" ] || missing+=(postgresql)
    for tool in "${NEED_APT[@]:-}"; do [ -n "$tool" ] && ! command -v "$tool" >/dev/null && missing+=("$tool"); done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; } \
            || die "cannot install ${missing[*]}"
    fi
    "$PY" -c "import locust, storages, boto3, moto, gunicorn, pyotp" 2>/dev/null \
        || "$ROOT/.venv/bin/pip" install -q locust "django-storages[s3]" boto3 "moto[server]" gunicorn pyotp >/dev/null
}

as_postgres() { runuser -u postgres -- "$@"; }

# pg_start NAME PORT [extra postgres -c options...]: a fresh cluster in $WORK/NAME.
pg_start() {
    local name="$1" dir="$WORK/$1" port="$2"; shift 2
    install -d -o postgres -m 700 "$dir"
    as_postgres "$PGBIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$WORK'
max_connections = 300
wal_level = replica
max_wal_senders = 5
hot_standby = on
CONF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$dir/pg_hba.conf"
    pg_resume "$name"
    as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE soompi" >/dev/null
}

pg_stop() { as_postgres "$PGBIN/pg_ctl" -D "$WORK/$1" -m fast -w stop >/dev/null; }
pg_resume() { as_postgres "$PGBIN/pg_ctl" -D "$WORK/$1" -l "$WORK/$1.log" -w -t 30 start >/dev/null || die "PostgreSQL $1 did not start"; }

redis_start() {
    redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
        --pidfile "$WORK/redis-$1.pid" --logfile "$WORK/redis-$1.log" --dir "$WORK"
    wait_for "redis on $1" redis-cli -p "$1" ping
}
redis_stop() { redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true; }

# app_env PG_PORT REDIS_PORT: the production settings every app process runs with.
app_env() {
    export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS="127.0.0.1,localhost"
    export SECRET_KEY="${SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(60))')}"
    export DATABASE_URL="postgres://postgres@127.0.0.1:$1/soompi" REDIS_URL="redis://127.0.0.1:$2/0"
    export MEDIA_ROOT="$WORK/media" LOG_LEVEL=WARNING PYTHONUNBUFFERED=1
    # deploy/nginx.conf on this machine is the one proxy: the client is the address it writes.
    export TRUSTED_PROXY_COUNT=1 TRUSTED_PROXIES="127.0.0.1/32"
}

# The demo accounts keep their published passwords: these sites live on loopback for one run. The
# demo editor, who must sign in with a second factor, gets an authenticator app whose secret the
# scripts share (EDITOR_TOTP_SECRET, read by scripts/probe.py), as a phone would hold it.
app_prepare() {
    export EDITOR_TOTP_SECRET="${EDITOR_TOTP_SECRET:-$("$PY" -c 'import pyotp; print(pyotp.random_base32())')}"
    (cd "$ROOT" && "$PY" manage.py migrate --noinput -v0 && "$PY" manage.py collectstatic --noinput -v0 \
        && "$PY" manage.py loaddemo --allow-demo-passwords >/dev/null \
        && "$PY" manage.py shell -v0 -c "
import os
from django.contrib.auth import get_user_model
from tests.two_factor import authenticator_app
authenticator_app(get_user_model().objects.get(username='editor'), os.environ['EDITOR_TOTP_SECRET'])
") || die "migrate/collectstatic/loaddemo/authenticator app"
}

# gunicorn_start PORT [LOG]: an app server; its pid goes to $WORK/gunicorn-PORT.pid.
gunicorn_start() {
    local port="$1" logfile="${2:-$WORK/gunicorn-$1.log}"
    (cd "$ROOT" && GUNICORN_BIND="127.0.0.1:$port" "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py \
        --pid "$WORK/gunicorn-$port.pid" soompi.wsgi >"$logfile" 2>&1 &)
    wait_for "gunicorn on $port" curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz"
}

wait_for() {
    local what="$1"; shift
    for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
    die "$what did not come up"
}

manage() { (cd "$ROOT" && "$PY" manage.py "$@"); }

services_cleanup() {
    local status=$?
    set +e
    for pidfile in "$WORK"/gunicorn-*.pid "$WORK"/*.own.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
    for pidfile in "$WORK"/redis-*.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    done
    for dir in "$WORK"/pg-*; do
        [ -f "$dir/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1
    done
    sleep 0.5
    # A Celery worker whose broker is gone keeps retrying instead of finishing its warm shutdown.
    for pidfile in "$WORK"/*.own.pid; do
        [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null
    done
    if [ -n "${KEEP_WORK:-}" ] || [ "$status" -ne 0 ]; then
        log "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}

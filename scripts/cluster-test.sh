#!/usr/bin/env bash
# make cluster-test: nginx (deploy/nginx.conf) in front of two gunicorn app servers
# (deploy/gunicorn.conf.py), one PostgreSQL primary with a streaming replica made by pg_basebackup,
# one Redis (the cache and the Celery broker), one Celery worker, one Celery beat (the site's only
# one: deploy/soompi-beat.service) and moto's S3-compatible server, all
# private and on loopback; the app servers and the worker send email into one folder. The checks
# (scripts/cluster_checks.py) go through nginx and through each app server directly; then every
# write readers see is checked to reach them through nginx's page cache (scripts/cache_checks.py), and
# views counted on both app servers to be written once by beat's flush (scripts/readership_checks.py).
set -euo pipefail
NEED_APT=(nginx)
source "$(dirname "$0")/services.sh"
services_init cluster

PG_PORT=${CLUSTER_PG_PORT:-5443} REPLICA_PORT=${CLUSTER_REPLICA_PORT:-5444} REDIS_PORT=${CLUSTER_REDIS_PORT:-6393}
S3_PORT=${CLUSTER_S3_PORT:-9093} NGINX_PORT=${CLUSTER_NGINX_PORT:-8090} APP_A=${CLUSTER_APP_A:-8091} APP_B=${CLUSTER_APP_B:-8092}
STARTED=$(date +%s)

log "PostgreSQL primary :$PG_PORT and its streaming replica :$REPLICA_PORT"
pg_start pg-main "$PG_PORT"
install -d -o postgres -m 700 "$WORK/pg-replica"
as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$WORK/pg-replica" -R -X stream -c fast
sed -i "s/^port = .*/port = $REPLICA_PORT/" "$WORK/pg-replica/postgresql.conf"
pg_resume pg-replica

redis_start "$REDIS_PORT"
log "moto S3 server :$S3_PORT"
"$PY" -m moto.server -H 127.0.0.1 -p "$S3_PORT" >"$WORK/moto.log" 2>&1 &
echo $! >"$WORK/moto.own.pid"
wait_for "moto" curl -fsS -o /dev/null "http://127.0.0.1:$S3_PORT/moto-api/"

app_env "$PG_PORT" "$REDIS_PORT"
export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/soompi"
export MEDIA_STORAGE=s3 AWS_STORAGE_BUCKET_NAME=soompi-media AWS_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export AWS_ACCESS_KEY_ID=cluster AWS_SECRET_ACCESS_KEY=cluster AWS_S3_REGION_NAME=us-east-1 AWS_DEFAULT_ACL=public-read
export READER_POST_RATE_PER_IP=""
export EMAIL_FILE_PATH="$WORK/outbox"
# nginx's page cache, purged by the app servers (frontend_cache's nginx backend deletes its files);
# pages are the readers' at nginx's address. A short PAGE_CACHE_SECONDS for the SQL check, and a
# flag from any reader hides a comment, for the flag check (scripts/cache_checks.py).
export FRONTEND_CACHE_BACKENDS=nginx FRONTEND_CACHE_NGINX_CACHE_DIR="$WORK/nginx-cache"  # nginx_local.cache_dir
export SITE_URL="http://127.0.0.1:$NGINX_PORT" PAGE_CACHE_SECONDS=${CLUSTER_PAGE_CACHE_SECONDS:-4}
# Views are flushed every few seconds instead of every minute, for the readership checks.
export READERSHIP_FLUSH_SECONDS=${CLUSTER_FLUSH_SECONDS:-2}
export COMMENT_FLAG_LIMIT=1 COMMENT_TRUSTED_AFTER_DAYS=0 COMMENT_TRUSTED_AFTER_COMMENTS=0
mkdir -p "$FRONTEND_CACHE_NGINX_CACHE_DIR"
"$PY" -c "import boto3; boto3.client('s3', endpoint_url='$AWS_S3_ENDPOINT_URL', region_name='us-east-1').create_bucket(Bucket='soompi-media')"
app_prepare
# A draft for the publish check: the demo article as a draft under another slug.
"$PY" -c "
import json, sys
data = json.load(open('$ROOT/newsroom/demo/confession-scenes.json'))
data.update(title='Cluster draft', slug='cluster-draft', status='draft')
data.pop('publish_at', None)
json.dump(data, open('$WORK/draft.json', 'w'))
"
manage import_listicle "$WORK/draft.json" >/dev/null || die "cannot import the draft"
# Reader accounts for the comment, sign-in and reply-email checks (Ana wants reply emails), and Cleo
# for the cache check of an erased account.
manage shell -c "
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from accounts.models import ReaderProfile
for name, replies in [('Ana', True), ('Ben', False), ('Cleo', False)]:
    email = name.lower() + '@example.com'
    user = get_user_model().objects.create_user(name.lower(), email, 'cluster-reader-passphrase-9')
    ReaderProfile.objects.create(user=user, display_name=name, reply_emails=replies)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
" || die "cannot create the reader accounts"
log "Celery worker on the Redis broker"
# exec: the recorded pid is the worker's own, so the cleanup stops the worker, not a subshell.
(cd "$ROOT" && exec "$ROOT/.venv/bin/celery" -A soompi worker --pool solo --concurrency 1 --loglevel WARNING \
    >"$WORK/celery.log" 2>&1) &
echo $! >"$WORK/celery.own.pid"
log "Celery beat, one for the whole site, sending the views flush every ${READERSHIP_FLUSH_SECONDS}s"
(cd "$ROOT" && exec "$ROOT/.venv/bin/celery" -A soompi beat --schedule "$WORK/celerybeat-schedule" \
    --loglevel WARNING >"$WORK/beat.log" 2>&1) &
echo $! >"$WORK/beat.own.pid"
WEB_CONCURRENCY=2 gunicorn_start "$APP_A"
WEB_CONCURRENCY=2 gunicorn_start "$APP_B"
"$PY" "$ROOT/scripts/nginx_local.py" "$WORK" "$NGINX_PORT" "$MEDIA_ROOT" "$APP_A" "$APP_B"
wait_for "nginx" curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz"
log "cluster up in $(( $(date +%s) - STARTED ))s: nginx :$NGINX_PORT -> app servers :$APP_A :$APP_B"

"$PY" "$ROOT/scripts/cluster_checks.py" "http://127.0.0.1:$APP_A" "http://127.0.0.1:$APP_B" \
    "http://127.0.0.1:$NGINX_PORT" "$REPLICA_PORT" "$EMAIL_FILE_PATH"
log "cache correctness through nginx's page cache"
"$PY" "$ROOT/scripts/cache_checks.py" "http://127.0.0.1:$NGINX_PORT" "http://127.0.0.1:$APP_A" "$PG_PORT"
log "readership: views counted on both app servers, flushed by beat's task, on the rail through nginx"
"$PY" "$ROOT/scripts/readership_checks.py" "http://127.0.0.1:$APP_A" "http://127.0.0.1:$APP_B" \
    "http://127.0.0.1:$NGINX_PORT" "$PG_PORT" "$READERSHIP_FLUSH_SECONDS"
log "PASS in $(( $(date +%s) - STARTED ))s"

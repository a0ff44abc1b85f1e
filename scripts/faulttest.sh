#!/usr/bin/env bash
# make faulttest: faults under load, on a private PostgreSQL and Redis (never the shared ones).
#  1. PostgreSQL stopped during load: /healthz answers 503 while it is down, pages a friendly 503 with
#     Retry-After; it comes back without restarting gunicorn; no acknowledged write is lost.
#  2. Redis stopped during load: pages keep serving, reader posts are taken (rate limits fail open),
#     a signed-in editor stays signed in (sessions in the database), the outage is logged once per
#     worker process, not per request.
#  0. Before the faults, through deploy/nginx.conf in front of a second app server with per-address
#     limits, clients at several loopback addresses (scripts/address_checks.py): one address's wrong
#     passwords, reactions and comments never limit another's, and a forged X-Forwarded-For is ignored.
# Both services are restarted after their fault and everything is stopped at the end, whatever happened.
set -euo pipefail
NEED_APT=(nginx)
source "$(dirname "$0")/services.sh"
services_init faulttest

PG_PORT=${FAULTTEST_PG_PORT:-5442} REDIS_PORT=${FAULTTEST_REDIS_PORT:-6392} APP_PORT=${FAULTTEST_APP_PORT:-8082}
PROBE_APP_PORT=${FAULTTEST_PROBE_APP_PORT:-8083} NGINX_PORT=${FAULTTEST_NGINX_PORT:-8084}
OUTAGE=${OUTAGE_SECONDS:-$([ -n "$SHORT" ] && echo 4 || echo 10)}
WORKERS=2
BASE="http://127.0.0.1:$APP_PORT"
probe() { "$PY" "$ROOT/scripts/probe.py" "$@"; }
FAILED=()
check() { if eval "$2"; then log "ok: $1"; else log "NOT OK: $1"; FAILED+=("$1"); fi; }

pg_start pg-main "$PG_PORT"
redis_start "$REDIS_PORT"
app_env "$PG_PORT" "$REDIS_PORT"
export READER_POST_RATE_PER_IP="" OUTAGE_RETRY_AFTER=10
# A few reader accounts post every comment from that one address (see loadtest.sh).
export COMMENT_RATE_PER_USER="100000/m" COMMENT_RATE_PER_IP="100000/m"
app_prepare
# Two reader accounts for the address checks.
manage shell -c "
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from accounts.models import ReaderProfile
for name in ['Ana', 'Ben']:
    email = name.lower() + '@example.com'
    user = get_user_model().objects.create_user(name.lower(), email, 'faulttest-reader-passphrase-9')
    ReaderProfile.objects.create(user=user, display_name=name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
" || die "cannot create the reader accounts"
WEB_CONCURRENCY=$WORKERS gunicorn_start "$APP_PORT"

log "client addresses: nginx :$NGINX_PORT in front of an app server with per-address limits :$PROBE_APP_PORT"
READER_POST_RATE_PER_IP="3/m" COMMENT_RATE_PER_IP="3/h" COMMENT_RATE_PER_USER="1000/m" WEB_CONCURRENCY=1 \
    gunicorn_start "$PROBE_APP_PORT"
"$PY" "$ROOT/scripts/nginx_local.py" "$WORK" "$NGINX_PORT" "$MEDIA_ROOT" "$PROBE_APP_PORT"
wait_for "nginx" curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz"
"$PY" "$ROOT/scripts/address_checks.py" "http://127.0.0.1:$NGINX_PORT" || FAILED+=("per-address limits behind nginx")
kill "$(cat "$WORK/gunicorn-$PROBE_APP_PORT.pid")" 2>/dev/null || true
count_rows() {
    as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d soompi -Atc \
        "SELECT (SELECT count(*) FROM articles_reaction) || ' ' || (SELECT count(*) FROM articles_vote) || ' ' || (SELECT count(*) FROM articles_comment)"
}
# The address checks' own reactions and comments are not the load's.
read -r REACTIONS_BEFORE VOTES_BEFORE COMMENTS_BEFORE <<<"$(count_rows)"
"$PY" "$ROOT/scripts/targets.py" "$WORK/targets.json"
ARTICLE=$("$PY" -c "import json,sys; print(next(p for p in json.load(open(sys.argv[1]))['pages'] if p.startswith('/article/')))" "$WORK/targets.json")

LOAD_SECONDS=$((OUTAGE * 2 + 30))
log "load: 16 readers for ${LOAD_SECONDS}s"
LOAD_TARGETS="$WORK/targets.json" LOAD_RESULT="$WORK/result.json" "$ROOT/.venv/bin/locust" \
    -f "$ROOT/scripts/locustfile.py" --headless -u 16 -r 16 -t "${LOAD_SECONDS}s" --stop-timeout 10 \
    --host "$BASE" --only-summary --loglevel WARNING >"$WORK/locust.log" 2>&1 &
LOCUST=$!
echo "$LOCUST" >"$WORK/locust.own.pid"
sleep 4

log "fault 1: PostgreSQL stopped for ${OUTAGE}s"
T0=$(date +%s.%N)
pg_stop pg-main
probe watch "$BASE" /healthz "$((OUTAGE / 2))" >"$WORK/pg-healthz.json" &
probe watch "$BASE" "$ARTICLE" "$((OUTAGE / 2))" >"$WORK/pg-page.json"
wait %2 2>/dev/null || wait
pg_resume pg-main
RECOVERY=$(probe until "$BASE" /healthz 200 60)
PAGE_BACK=$(probe until "$BASE" "$ARTICLE" 200 60)
log "PostgreSQL down: /healthz $(cat "$WORK/pg-healthz.json"); page $(cat "$WORK/pg-page.json")"
log "PostgreSQL back: /healthz 200 after ${RECOVERY}s, the page after ${PAGE_BACK}s (gunicorn not restarted, $(awk "BEGIN{print $(date +%s.%N)-$T0}" | cut -c1-4)s since the stop)"
check "healthz 503 while PostgreSQL is down, with Retry-After" "grep -q '\"503\"' $WORK/pg-healthz.json && ! grep -q '\"200\"' $WORK/pg-healthz.json && grep -q '\"retry_after\": \[\"10\"\]' $WORK/pg-healthz.json"
# A page already in the shared page cache keeps being served (200); any other answers the friendly
# 503 with Retry-After; none answers 500.
check "pages from the cache or 503, friendly, with Retry-After" "grep -q '\"friendly_503\": true' $WORK/pg-page.json && ! grep -qE '\"5(0[0-24-9]|[1-9][0-9])\"' $WORK/pg-page.json && { ! grep -q '\"503\"' $WORK/pg-page.json || grep -q '\"retry_after\": \[\"10\"\]' $WORK/pg-page.json; }"
check "recovery without restarting gunicorn" "[ \"$RECOVERY\" != -1 ] && [ \"$PAGE_BACK\" != -1 ]"

sleep 3
probe login "$BASE" "$WORK/editor.json"
UNREACHABLE_BEFORE=$(grep -c "Redis cache unreachable" "$WORK/gunicorn-$APP_PORT.log" || true)
log "fault 2: Redis stopped for ${OUTAGE}s"
redis_stop "$REDIS_PORT"
probe watch "$BASE" "$ARTICLE" "$((OUTAGE / 2))" >"$WORK/redis-page.json"
REACT_DURING=$(probe react "$BASE")
SIGNED_IN=$(probe signed-in "$BASE" "$WORK/editor.json")
sleep "$((OUTAGE / 2))"
redis_start "$REDIS_PORT"
sleep 2
probe watch "$BASE" "$ARTICLE" 2 >/dev/null
UNREACHABLE=$(( $(grep -c "Redis cache unreachable" "$WORK/gunicorn-$APP_PORT.log" || true) - UNREACHABLE_BEFORE ))
BACK=$(grep -c "Redis cache reachable again" "$WORK/gunicorn-$APP_PORT.log" || true)
log "Redis down: page $(cat "$WORK/redis-page.json"); a reaction: $REACT_DURING; editor signed in: $SIGNED_IN"
log "Redis outage logged $UNREACHABLE time(s) by $WORKERS worker processes; 'reachable again' $BACK time(s)"
check "pages keep serving while Redis is down" "grep -q '\"200\"' $WORK/redis-page.json && ! grep -qE '\"5[0-9][0-9]\"' $WORK/redis-page.json"
check "reader posts fail open while Redis is down" "[[ '$REACT_DURING' == '[200,'* ]]"
check "a signed-in editor stays signed in" "[ '$SIGNED_IN' = yes ]"
# A worker whose retry lands while Redis is still shutting down sees it come and go once more, so
# each worker may log the outage twice; what must never happen is a line per request.
check "the outage is logged once or twice per worker, not per request" "[ $UNREACHABLE -ge 1 ] && [ $UNREACHABLE -le $((2 * WORKERS)) ]"

wait "$LOCUST" || true
read -r REACTIONS VOTES COMMENTS <<<"$(count_rows)"
"$PY" - "$WORK/result.json" "$((REACTIONS - REACTIONS_BEFORE))" "$((VOTES - VOTES_BEFORE))" \
    "$((COMMENTS - COMMENTS_BEFORE))" <<'PY' || FAILED+=("acknowledged writes")
import json, sys
result = json.load(open(sys.argv[1]))
# The probe's own reaction during the Redis outage is one more row than locust acknowledged.
rows = {"reaction": int(sys.argv[2]) - 1, "vote": int(sys.argv[3]), "comment": int(sys.argv[4])}
acked = {model: result["acknowledged"].get(model, 0) for model in rows}
statuses = result["statuses"]
print(f"load          {result['requests']} requests in {result['seconds']} s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms")
print(f"statuses      {statuses}")
for model in rows:
    print(f"{model + 's':13} acknowledged {acked[model]}, rows {rows[model]}")
lost = any(rows[m] < acked[m] for m in rows)
errors = {s: n for s, n in statuses.items() if s.isdigit() and int(s) >= 500 and s != "503"}
print("no acknowledged write lost" if not lost else "ACKNOWLEDGED WRITES LOST")
print("no 5xx but the outage's 503s" if not errors else f"UNEXPECTED {errors}")
sys.exit(1 if lost or errors else 0)
PY
if [ "${#FAILED[@]}" -gt 0 ]; then die "${FAILED[*]}"; fi
log "PASS"

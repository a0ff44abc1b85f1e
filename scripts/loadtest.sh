#!/usr/bin/env bash
# make loadtest: gunicorn with production settings on a private PostgreSQL and Redis, driven by locust:
# 64 readers for 60 s (SHORT=1 or CI=true: 15 s). Fails on any 5xx, or when the rows in the database
# are fewer than the writes the server acknowledged or more than the writes sent (reactions, votes, and comments by signed-in readers),
# or when the page views written by the views flush differ from those answered to browsers (one in ten is sent with a robot's
# User-Agent, and must not count). Prints throughput, p50/p99 and the counts.
set -euo pipefail
source "$(dirname "$0")/services.sh"
services_init loadtest

PG_PORT=${LOADTEST_PG_PORT:-5441} REDIS_PORT=${LOADTEST_REDIS_PORT:-6391} APP_PORT=${LOADTEST_APP_PORT:-8081}
USERS=${LOAD_USERS:-64}
DURATION=${LOAD_SECONDS:-$([ -n "$SHORT" ] && echo 15 || echo 60)}

log "private PostgreSQL :$PG_PORT, Redis :$REDIS_PORT"
pg_start pg-main "$PG_PORT"
redis_start "$REDIS_PORT"
app_env "$PG_PORT" "$REDIS_PORT"
# Every simulated reader posts from 127.0.0.1: the per-address limit would refuse most of them.
export READER_POST_RATE_PER_IP=""
# A few reader accounts post every comment from that one address: the production limits (5 a minute
# per reader, 30 an hour per address) would refuse nearly all of them.
export COMMENT_RATE_PER_USER="100000/m" COMMENT_RATE_PER_IP="100000/m"
app_prepare
WEB_CONCURRENCY=${WEB_CONCURRENCY:-4} gunicorn_start "$APP_PORT"
"$PY" "$ROOT/scripts/targets.py" "$WORK/targets.json"

count_rows() {
    as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d soompi -Atc \
        "SELECT (SELECT count(*) FROM articles_reaction) || ' ' || (SELECT count(*) FROM articles_vote) || ' ' || (SELECT count(*) FROM articles_comment)"
}
read -r REACTIONS_BEFORE VOTES_BEFORE COMMENTS_BEFORE <<<"$(count_rows)"

log "locust: $USERS readers for ${DURATION}s"
LOAD_TARGETS="$WORK/targets.json" LOAD_RESULT="$WORK/result.json" "$ROOT/.venv/bin/locust" \
    -f "$ROOT/scripts/locustfile.py" --headless -u "$USERS" -r "$USERS" -t "${DURATION}s" --stop-timeout 10 \
    --host "http://127.0.0.1:$APP_PORT" --only-summary --loglevel WARNING >"$WORK/locust.log" 2>&1 || true
read -r REACTIONS_AFTER VOTES_AFTER COMMENTS_AFTER <<<"$(count_rows)"
# The page views counted in Redis, written to the database as beat's task does, per article.
log "flushing the views counted"
manage flush_views || die "the views flush failed"
as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d soompi -Atc \
    "SELECT coalesce(json_object_agg(listicle_id, views), '{}') FROM (SELECT listicle_id, sum(views) AS views
     FROM readership_articledailyviews GROUP BY listicle_id) counted" >"$WORK/views.json"

"$PY" - "$WORK/result.json" "$((REACTIONS_AFTER - REACTIONS_BEFORE))" "$((VOTES_AFTER - VOTES_BEFORE))" \
    "$((COMMENTS_AFTER - COMMENTS_BEFORE))" "$WORK/views.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
counted = {pk: int(views) for pk, views in json.load(open(sys.argv[5])).items()}
# Comments count whatever their status: a new account's first ones wait for moderation.
rows = {"reaction": int(sys.argv[2]), "vote": int(sys.argv[3]), "comment": int(sys.argv[4])}
acked = {model: result["acknowledged"].get(model, 0) for model in rows}
print(f"requests      {result['requests']} in {result['seconds']} s: {result['throughput']} req/s")
print(f"latency       p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms")
print(f"statuses      {result['statuses']}")
print(f"5xx           {result['server_errors']}")
sent = {model: result["attempted"].get(model, 0) for model in rows}
for model in rows:
    print(f"{model + 's':13} acknowledged {acked[model]}, rows written {rows[model]}, sent {sent[model]}")
# Every acknowledged write is a row, and no row comes from nowhere; a write still in flight when
# the load stopped may be written without its answer being counted.
exact = all(acked[model] <= rows[model] <= sent[model] for model in rows)
# Page views: every one answered to a browser is counted once, none sent with a robot's User-Agent
# is (the database holds no views but the run's: a fresh cluster).
views = result["views"]
articles = sorted(set(views["sent"]) | set(views["robot sent"]) | set(counted))
views_exact = all(
    views["acknowledged"].get(pk, 0) <= counted.get(pk, 0) <= views["sent"].get(pk, 0) for pk in articles
)
total = {kind: sum(numbers.values()) for kind, numbers in views.items()}
print(
    f"views         sent {total['sent']} by browsers, acknowledged {total['acknowledged']}, "
    f"counted {sum(counted.values())}; sent by robots {total['robot sent']}, not counted"
)
for pk in articles:
    print(
        f"  article {pk:>4}  acknowledged {views['acknowledged'].get(pk, 0)}, counted {counted.get(pk, 0)}, "
        f"sent {views['sent'].get(pk, 0)}, robots {views['robot sent'].get(pk, 0)}"
    )
exact = exact and views_exact and total["acknowledged"] > 0 and total["robot sent"] > 0
ok = result["server_errors"] == 0 and exact and result["requests"] > 0 and acked["comment"] > 0
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY

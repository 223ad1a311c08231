#!/usr/bin/env bash
# Benchmarks on realistic data (20,000 certificates over ~700 districts), on SQLite or PostgreSQL:
#   bench/run.sh sqlite              bench/run.sh postgres               registry sync + shop pages
#   bench/run.sh sqlite salespoints  bench/run.sh postgres salespoints   + 2,000 sales points: locator, map, point
#   bench/run.sh sqlite orders       bench/run.sh postgres orders        order placement (no page benchmark)
#   bench/run.sh postgres all                                            both page sets and order placement
# 1. registry sync: full 20,000 from the stand-in registry over HTTP, then 200 changes;
# 2. pages under gunicorn (2 workers, 127.0.0.1) with wrk: requests/s and latency percentiles;
# 3. orders: placement over HTTP (Django's test client) and through OrderCreator, 1 to 4 threads (bench/orders.py).
# Environment: BENCH_DB names the database (PostgreSQL: default ocop_bench; SQLite: bench/out/<name>.sqlite3),
# BENCH_PORT the port (default 8765), REUSE=1 keeps the previous run's database (no new sync).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-sqlite}
SUITE=${2:-shop}
case "$SUITE" in shop | salespoints | orders | all) ;; *) echo "usage: $0 sqlite|postgres [shop|salespoints|orders|all]" >&2; exit 2 ;; esac
PORT=${BENCH_PORT:-8765}
REUSE=${REUSE:-0}
OUT=bench/out
mkdir -p "$OUT"
PY=.venv/bin/python
if [ "$DB" = postgres ]; then
  NAME=${BENCH_DB:-ocop_bench}
  [ "$REUSE" = 1 ] || psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "DROP DATABASE IF EXISTS $NAME" -c "CREATE DATABASE $NAME"
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$NAME
else
  FILE="$OUT/${BENCH_DB:-bench}.sqlite3"
  [ "$REUSE" = 1 ] || rm -f "$FILE"
  export DATABASE_URL="sqlite:///$PWD/$FILE"
fi
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 56)"
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export STATIC_MANIFEST=false LOG_LEVEL=WARNING

[ -f "$OUT/registry-20000.json" ] || $PY bench/generate_registry.py --out "$OUT/registry-20000.json"
$PY manage.py migrate --noinput -v0
if [ "$REUSE" != 1 ]; then
  $PY manage.py load_admin_units -v0
  echo "== $DB: registry sync"
  $PY bench/sync_bench.py "$OUT/registry-20000.json" | tee "$OUT/sync-$DB.txt"
  $PY manage.py shell -c "from bench.shop import prepare; prepare()"
fi
if [ "$SUITE" = salespoints ] || [ "$SUITE" = all ]; then
  $PY manage.py shell -c "from bench.salespoints import prepare; prepare()"
fi
# Planner statistics after the bulk loads (the benchmark's own scripts write with bulk_create), as
# the site refreshes them after a sync or an import (marketplace/dbstats.py) and autovacuum keeps
# them on PostgreSQL (this machine's server runs without autovacuum; without them a locator query
# takes seconds instead of milliseconds on PostgreSQL, 184 ms instead of 38 ms on SQLite).
$PY manage.py shell -c "from marketplace import dbstats; dbstats.analyze()"

if [ "$SUITE" = orders ] || [ "$SUITE" = all ]; then
  RESULTS="$OUT/results-orders-$DB.md"
  echo "== $DB: order placement (${BENCH_ORDERS:-300} orders a run)"
  $PY manage.py shell -c "from bench.orders import run; run()" | grep -v "objects imported automatically" | tee "$RESULTS"
  echo "Load average after the run (2 cores, shared): $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
  echo "Results in $RESULTS"
  [ "$SUITE" = all ] || exit 0
fi

$PY -m gunicorn marketplace.wsgi -w 2 -b "127.0.0.1:$PORT" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/catalogue/" && break; sleep 0.2; done

# measure RESULTS CONNECTIONS LABEL PATH: wrk -t2 for 10 s; a row of requests/s and latency percentiles.
measure() {
  curl -sf -o /dev/null "http://127.0.0.1:$PORT$4"  # warm up; an error page stops the run
  local report
  report=$(wrk -t2 -c"$2" -d10s --timeout 10s -s bench/percentiles.lua "http://127.0.0.1:$PORT$4")
  read -r rps p50 p95 p99 bad errors <<<"$(echo "$report" | awk '$1 == "RESULT" {print $2, $3, $4, $5, $6, $7}')"
  echo "| ${3:+$3 }\`$4\` | $rps | $p50 | $p95 | $p99 | $bad / $errors |" | tee -a "$1"
}
HEADER="| requests/s | p50 ms | p95 ms | p99 ms | errors (HTTP / socket) |"
RULER="| --- | --- | --- | --- | --- | --- |"

if [ "$SUITE" = shop ] || [ "$SUITE" = all ]; then
  PRODUCT=$($PY manage.py shell -c "from bench.shop import product_path; print(product_path())" | tail -1)
  RESULTS="$OUT/results-$DB.md"
  printf '| page (%s, 20,000 certificates, 8 connections) %s\n%s\n' "$DB" "$HEADER" "$RULER" >"$RESULTS"
  for path in "/" "/catalogue/" "/catalogue/?page=50" "/catalogue/?province=24&stars=4" "$PRODUCT" \
              "/search/?q=mat+ong" "/search/?q=tra+thai+nguyen" "/search/?q=nuoc+mam" "/search/?q=ca+phe+dak+lak" \
              "/search/?q=gom&sort=price_asc" "/search/suggest/?q=mat+o" "/verify/OCOP-B-000100/"; do
    measure "$RESULTS" 8 "" "$path"
  done
  echo "Results in $RESULTS"
fi

if [ "$SUITE" = salespoints ] || [ "$SUITE" = all ]; then
  RESULTS="$OUT/results-salespoints-$DB.md"
  printf '| page (%s, 2,000 sales points, 16 connections) %s\n%s\n' "$DB" "$HEADER" "$RULER" >"$RESULTS"
  PAGES=$($PY manage.py shell -c "from bench.salespoints import paths; paths()")
  while IFS=$'\t' read -r label path; do
    measure "$RESULTS" 16 "$label" "$path"
  done <<<"$(grep -P '\t' <<<"$PAGES")"
  echo >>"$RESULTS"
  echo "Load average after the run (2 cores, shared): $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
  echo >>"$RESULTS"
  $PY manage.py shell -c "from bench.salespoints import queries; queries()" | grep '^|' | tee -a "$RESULTS"
  echo "Results in $RESULTS"
fi

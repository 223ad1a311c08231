#!/usr/bin/env bash
# Benchmarks on realistic data (20,000 certificates over ~700 districts), on SQLite or PostgreSQL:
#   bench/run.sh sqlite     bench/run.sh postgres
# 1. registry sync: full 20,000 from the stand-in registry over HTTP, then 200 changes;
# 2. pages under gunicorn (2 workers, 127.0.0.1) with wrk: requests/s and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-sqlite}
OUT=bench/out
mkdir -p "$OUT"
PY=.venv/bin/python
if [ "$DB" = postgres ]; then
  psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "DROP DATABASE IF EXISTS ocop_bench" -c "CREATE DATABASE ocop_bench"
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench
else
  rm -f "$OUT/bench.sqlite3"
  export DATABASE_URL="sqlite:///$PWD/$OUT/bench.sqlite3"
fi
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 56)"
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export STATIC_MANIFEST=false LOG_LEVEL=WARNING

[ -f "$OUT/registry-20000.json" ] || $PY bench/generate_registry.py --out "$OUT/registry-20000.json"
$PY manage.py migrate --noinput -v0
$PY manage.py load_admin_units -v0
echo "== $DB: registry sync"
$PY bench/sync_bench.py "$OUT/registry-20000.json" | tee "$OUT/sync-$DB.txt"
$PY manage.py shell -c "from bench.shop import prepare; prepare()"

$PY -m gunicorn marketplace.wsgi -w 2 -b 127.0.0.1:8765 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:8765/catalogue/ && break; sleep 0.2; done

PRODUCT=$($PY manage.py shell -c "from bench.shop import product_path; print(product_path())" | tail -1)
RESULTS="$OUT/results-$DB.md"
echo "| page ($DB, 20,000 certificates) | requests/s | p50 | p95 |" > "$RESULTS"
echo "| --- | --- | --- | --- |" >> "$RESULTS"
for path in "/" "/catalogue/" "/catalogue/?page=50" "/catalogue/?province=24&stars=4" "$PRODUCT" \
            "/search/?q=mat+ong" "/search/?q=tra+thai+nguyen" "/search/?q=nuoc+mam" "/search/?q=ca+phe+dak+lak" \
            "/search/?q=gom&sort=price_asc" "/search/suggest/?q=mat+o" "/verify/OCOP-B-000100/"; do
  curl -sf -o /dev/null "http://127.0.0.1:8765$path"  # warm up
  report=$(wrk -t2 -c8 -d10s --latency "http://127.0.0.1:8765$path")
  rps=$(echo "$report" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$report" | awk '$1 == "50%" {print $2}')
  p95=$(echo "$report" | awk '$1 == "90%" {p90=$2} $1 == "99%" {p99=$2} END {print p90 "–" p99}')
  echo "| \`$path\` | $rps | $p50 | $p95 (p90–p99) |" | tee -a "$RESULTS"
done
echo "Results in $RESULTS"

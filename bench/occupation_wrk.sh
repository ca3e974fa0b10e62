#!/usr/bin/env bash
# Server-side throughput with a C load generator (wrk), so the client does not eat the CPU the
# way a Python client does. Starts `zeues serve --demo` on a temporary SQLite database (or on
# $ZEUES_DATABASE_URL / $ZEUES_REDIS_URL when set), then measures, at the same concurrency:
#   1. GET /api/health/live (a no-op), 2. TOMAR→PAUSAR cycles on distinct free spools.
# Prints figures; asserts nothing.
#   usage: bash bench/occupation_wrk.sh [server_workers=1] [seconds=10] [connections=16]
set -euo pipefail
workers=${1:-1}
seconds=${2:-10}
connections=${3:-16}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python}
command -v wrk >/dev/null || { echo "wrk no está instalado: apt-get install -y wrk" >&2; exit 2; }
tmp=$(mktemp -d)
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ZEUES_DATABASE_URL=${ZEUES_DATABASE_URL:-sqlite:///$tmp/bench.db}
export ZEUES_ADMIN_TOKEN=${ZEUES_ADMIN_TOKEN:-bench-admin-token-0123456789}
"$python" -m zeues serve --demo --port "$port" --workers "$workers" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 1 100); do curl -sf "$base/api/health/live" >/dev/null && break; sleep 0.3; done
curl -s "$base/api/spools/iniciar?operacion=ARM&limit=400&q=MK" |
  "$python" -c 'import json, sys; [print(s["tag_spool"]) for s in json.load(sys.stdin)["spools"]]' \
  >"$tmp/tags.txt"
echo "server workers $workers, $connections connections, ${seconds}s per phase, $(nproc) cores"
echo "database: $ZEUES_DATABASE_URL"
echo "--- no-op: GET /api/health/live"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base/api/health/live" |
  grep -E "50%|99%|Requests/sec"
echo "--- TOMAR→PAUSAR cycles (each request is one occupation operation)"
(cd "$tmp" && wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/tomar_pausar.lua" "$base") |
  grep -E "50%|99%|Requests/sec|Non-2xx"
echo "--- non-200 answers by route (from /metrics)"
curl -s "$base/metrics" | grep '^zeues_http_requests_total{' | grep -v 'status="200"' || echo "none"

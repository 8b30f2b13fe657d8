#!/usr/bin/env bash
# Measures the production layout the Dockerfile ships, without Docker: `npm run build -- --layout`
# into a scratch directory (the esbuild bundles, their assets, migrations and the few packages read
# from disk), its size, and for the API and worker started from it (plain node, no tsx): time until
# /healthz and /readyz answer, and resident memory.
# Compares with the development way (tsx on the sources). Run by hand: bash bench/prod-layout.sh
# Both processes check their database role before listening: Postgres and Redis come from
# `npm run services` (started here when not running, stopped again at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
repo="$PWD"
layout="$(mktemp -d /tmp/calsync-layout-XXXXXX)"
services_started=""
cleanup() {
  rm -rf "$layout"
  [[ -z "$services_started" ]] || npm run --silent services -- down >/dev/null
}
trap cleanup EXIT
# Read the whole status first: `grep -q` leaving early would break the pipe under pipefail, and
# services this script started would then be left running.
services_status="$(npm run --silent services -- status)"
if grep -q 'postgres: stopped' <<<"$services_status"; then services_started=1; fi
# `up` applies the migrations and prints the URLs as NAME=value lines.
mapfile -t service_urls < <(npm run --silent services -- up | grep -E '^[A-Z_]+=')

build_started=$(date +%s%N)
npm run build -- --layout "$layout/app" >/dev/null
echo "build + layout: $(( ($(date +%s%N) - build_started) / 1000000 )) ms"
echo "layout node_modules: $(du -sh "$layout/app/node_modules" | cut -f1)"
echo "bundles + assets (dist/): $(du -shc "$layout"/app/packages/core/dist "$layout"/app/apps/*/dist | tail -1 | cut -f1)"
echo "whole layout: $(du -sh "$layout/app" | cut -f1)  (development node_modules: $(du -sh node_modules | cut -f1))"

env_common=(
  "${service_urls[@]}" CALSYNC_QUEUE_PREFIX="bench-layout-$$"
  CALSYNC_ENCRYPTION_KEYS="k1:$(head -c 32 /dev/urandom | base64)"
  CALSYNC_ADMIN_API_KEY=bench-admin-key-0123456789abcdef LOG_LEVEL=silent NODE_ENV=production
)

# start <label> <port> <dir> <node args...>: ms until /healthz answers and until /readyz answers 200
# (Postgres, Redis and, on the worker, every queue worker running), then RSS 3 s after that.
start() {
  local label="$1" port="$2" dir="$3"
  shift 3
  local started=$(date +%s%N)
  env -C "$dir" "${env_common[@]}" PORT="$port" WORKER_PORT="$port" node "$@" >/dev/null 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "$label: exited before answering"; return; }
    sleep 0.05
  done
  local live=$(( ($(date +%s%N) - started) / 1000000 ))
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "$label: exited before ready"; return; }
    sleep 0.05
  done
  local ready=$(( ($(date +%s%N) - started) / 1000000 ))
  sleep 3
  echo "$label: /healthz after ${live} ms, /readyz after ${ready} ms, RSS $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start "api bundle (layout)" 4700 "$layout/app" --max-semi-space-size=16 apps/api/dist/main.js
start "api tsx (sources) " 4701 "$repo" --import tsx apps/api/src/main.ts
start "worker bundle (layout)" 4702 "$layout/app" --max-semi-space-size=16 apps/worker/dist/main.js
start "worker tsx (sources) " 4703 "$repo" --import tsx apps/worker/src/main.ts

#!/usr/bin/env bash
# Measures the production layout the Dockerfile ships, without Docker: `npm ci --omit=dev` of the
# shipped workspaces + their dist/ in a scratch directory, its size, and for the compiled API and
# worker started from it (plain node, no tsx): time until /healthz answers and resident memory.
# Compares with the development way (tsx on the sources). Run by hand: bash bench/prod-layout.sh
# Postgres/Redis are not needed: /healthz answers without them (the URLs point at closed ports).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
repo="$PWD"
layout="$(mktemp -d /tmp/calsync-layout-XXXXXX)"
trap 'rm -rf "$layout"' EXIT

build_started=$(date +%s%N)
npm run build >/dev/null
echo "build (incremental when dist/ exists): $(( ($(date +%s%N) - build_started) / 1000000 )) ms"

cp package.json package-lock.json "$layout/"
for manifest in packages/*/package.json apps/*/package.json; do
  mkdir -p "$layout/$(dirname "$manifest")" && cp "$manifest" "$layout/$manifest"
done
(cd "$layout" && npm ci --omit=dev --no-audit --no-fund --loglevel=error \
  -w @calsync/core -w @calsync/api -w @calsync/worker >/dev/null)
for w in packages/core apps/api apps/worker; do cp -r "$w/dist" "$layout/$w/dist"; done
cp -r migrations "$layout/"
echo "production node_modules: $(du -sh "$layout/node_modules" | cut -f1)"
echo "compiled dist (js + maps + d.ts): $(du -shc "$layout"/packages/core/dist "$layout"/apps/*/dist | tail -1 | cut -f1)"
echo "whole layout: $(du -sh "$layout" | cut -f1)  (development node_modules: $(du -sh node_modules | cut -f1))"

env_common=(
  DATABASE_URL=postgres://calsync_app:x@127.0.0.1:9/none REDIS_URL=redis://127.0.0.1:9
  CALSYNC_ENCRYPTION_KEYS="k1:$(head -c 32 /dev/urandom | base64)"
  CALSYNC_ADMIN_API_KEY=bench-admin-key-0123456789abcdef LOG_LEVEL=silent NODE_ENV=production
)

# start <label> <port> <dir> <node args...>: ms until /healthz answers, then RSS after 3 s.
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
  local ready=$(( ($(date +%s%N) - started) / 1000000 ))
  sleep 3
  echo "$label: /healthz after ${ready} ms, RSS $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start "api compiled (layout)" 4700 "$layout" --conditions=calsync-dist --max-semi-space-size=16 apps/api/dist/main.js
start "api tsx (sources)   " 4701 "$repo" --import tsx apps/api/src/main.ts
start "worker compiled (layout)" 4702 "$layout" --conditions=calsync-dist --max-semi-space-size=16 apps/worker/dist/main.js
start "worker tsx (sources)   " 4703 "$repo" --import tsx apps/worker/src/main.ts

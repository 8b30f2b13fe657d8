#!/usr/bin/env bash
# Fails when packages/client's checked-in schema or generated operations differ from what
# scripts/generate-client.ts produces from the API's SDL and src/operations/*.graphql.
set -euo pipefail
cd "$(dirname "$0")/.."

paths=(packages/client/schema.graphql packages/client/src/generated)
npx tsx scripts/generate-client.ts
untracked="$(git ls-files --others --exclude-standard -- "${paths[@]}")"
if ! git diff --quiet -- "${paths[@]}" || [[ -n "$untracked" ]]; then
  echo "check:client: the client schema or generated types are stale or not added to git." >&2
  echo "Run 'npm run client:generate' and commit:" >&2
  git diff --stat -- "${paths[@]}" >&2
  [[ -z "$untracked" ]] || echo "$untracked" >&2
  exit 1
fi
echo "check:client: schema.graphql and generated types are up to date"

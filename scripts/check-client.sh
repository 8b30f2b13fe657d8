#!/usr/bin/env bash
# Fails when packages/client's checked-in schema or generated operations differ from what
# scripts/generate-client.ts produces from the API's SDL and src/operations/*.graphql, or when the
# room board's committed bundle differs from what scripts/build-board.ts makes of packages/board, or
# docs/cli-reference.md differs from the CLI's --help.
set -euo pipefail
cd "$(dirname "$0")/.."

paths=(packages/client/schema.graphql packages/client/src/generated apps/api/src/board/board.js docs/cli-reference.md)
npx tsx scripts/generate-client.ts
npx tsx scripts/build-board.ts
npx tsx scripts/generate-cli-reference.ts
npx prettier --log-level warn --write docs/cli-reference.md
untracked="$(git ls-files --others --exclude-standard -- "${paths[@]}")"
if ! git diff --quiet -- "${paths[@]}" || [[ -n "$untracked" ]]; then
  echo "check:client: the client schema or generated types are stale or not added to git." >&2
  echo "Run 'npm run client:generate' and commit:" >&2
  git diff --stat -- "${paths[@]}" >&2
  [[ -z "$untracked" ]] || echo "$untracked" >&2
  exit 1
fi
echo "check:client: schema.graphql and generated types are up to date"

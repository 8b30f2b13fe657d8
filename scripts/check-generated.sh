#!/usr/bin/env bash
# Fails when the drizzle schema and the committed migrations disagree: regenerates in place
# (drizzle-kit writes nothing when they match) and compares migrations/ before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

fingerprint() { find migrations -type f -print0 | sort -z | xargs -0 sha256sum; }

before="$(fingerprint)"
npx drizzle-kit generate --config drizzle.config.ts
after="$(fingerprint)"

if [[ "$before" != "$after" ]]; then
  echo "check:generated: packages/core/src/db/schema changed without a committed migration." >&2
  echo "Run 'npm run db:generate' and commit migrations/. New or changed files:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
if [[ -n "$(git status --porcelain -- migrations 2>/dev/null)" ]]; then
  echo "check:generated: migrations/ has uncommitted changes:" >&2
  git status --short -- migrations >&2
  exit 1
fi
echo "check:generated: migrations match the schema"

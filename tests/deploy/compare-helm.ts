// Used by scripts/helm-check.sh: `tsx tests/deploy/compare-helm.ts <helm output> <values JSON> ...`.
// Each file is `helm template` output for the chart's values with the JSON merged over them; the
// test renderer must produce the same objects, or the chart test would check something helm does not install.
import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { chartValues, renderChart, type KubeObject } from './render-chart.ts';

type Values = Record<string, unknown>;

const isObject = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function merge(base: Values, over: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(over))
    merged[key] = isObject(value) && isObject(merged[key]) ? merge(merged[key], value) : value;
  return merged;
}

const byKindAndName = (objects: KubeObject[]): Map<string, KubeObject> =>
  new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) throw new Error('pairs of <helm output file> <values JSON>');
for (let i = 0; i < args.length; i += 2) {
  const [file, overrides] = [args[i]!, args[i + 1]!];
  const fromHelm = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
  const ours = renderChart(merge(chartValues(), JSON.parse(overrides) as Values));
  deepStrictEqual(
    byKindAndName(ours),
    byKindAndName(fromHelm),
    `${file}: the test renderer differs from helm`,
  );
  console.log(
    `helm-check: ${fromHelm.length} objects, test renderer identical to helm (values ${overrides})`,
  );
}

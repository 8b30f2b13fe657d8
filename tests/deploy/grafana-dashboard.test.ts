// The Grafana dashboard may only chart metrics the API and worker really export.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/calsync-dashboard.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

/** Every `name: 'calsync_…'` declared in the apps' non-test sources. */
function declaredMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const app of ['apps/api/src', 'apps/worker/src']) {
    for (const entry of readdirSync(join(root, app), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const m of text.matchAll(/name: '(calsync_[a-z_]+)'/g)) names.add(m[1]!);
    }
  }
  return names;
}

describe('deploy/grafana dashboard', () => {
  it('queries only metrics the code declares (or prom-client process metrics under our prefixes)', () => {
    const declared = declaredMetricNames();
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets)
        for (const m of target.expr.matchAll(/calsync_[a-z_]+/g)) used.add(m[0]);
    }
    expect(used.size).toBeGreaterThan(10);
    const unknown = [...used].filter((name) => {
      if (/^calsync_(api|worker)_process_/.test(name)) return false;
      return !declared.has(name.replace(/_(bucket|count|sum)$/, ''));
    });
    expect(unknown).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
}
const read = (path: string) =>
  parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
const base = read('docker-compose.yml').services;
const scale = read('deploy/compose.scale.yml').services;

describe('deploy/compose.scale.yml', () => {
  it('adds a second API and worker configured exactly like the first, behind the scale profile', () => {
    for (const [second, first] of [
      ['api-2', 'api'],
      ['worker-2', 'worker'],
    ] as const) {
      expect(scale[second]?.profiles).toEqual(['scale']);
      expect(scale[second]?.environment).toEqual(base[first]?.environment);
      expect(scale[second]?.command).toEqual(base[first]?.command);
      expect(scale[second]?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/calsync_app:/);
      expect(JSON.stringify(scale[second])).not.toMatch(/DATABASE_ADMIN_URL|postgres:postgres@/);
    }
  });

  it('publishes every process on its own host port', () => {
    const hostPorts = [...Object.values(base), ...Object.values(scale)]
      .flatMap((s) => s.ports ?? [])
      .map((p) => p.split(':').slice(0, 2).join(':'));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const compose = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');

/** The lines of one top-level service block (two-space indented name). */
function serviceBlock(name: string): string {
  const lines = compose.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  expect(start, `service ${name}`).toBeGreaterThan(-1);
  const end = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

describe('docker-compose.yml', () => {
  it('gives api and worker only the app role, never the owner URL', () => {
    const appDatabase = /x-app-database: &app-database\n((?: {2}.*\n)+)/.exec(compose)?.[1] ?? '';
    expect(appDatabase).toMatch(/DATABASE_URL: postgres:\/\/calsync_app:/);
    expect(appDatabase).not.toMatch(/ADMIN|postgres:postgres@/);
    for (const service of ['api', 'worker']) {
      const block = serviceBlock(service);
      expect(block).not.toMatch(/DATABASE_ADMIN_URL|postgres:postgres@|&database-env|\*database-env/);
      expect(block).toContain('<<: *app-database');
    }
    expect(serviceBlock('migrate')).toContain('DATABASE_ADMIN_URL');
  });
});

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@calsync/core';
import { loadApiConfig } from './config.ts';

const valid = {
  DATABASE_URL: 'postgres://calsync_app:pw@127.0.0.1:5432/calsync',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CALSYNC_ADMIN_API_KEY: 'admin-key-0123456789-abcdefgh',
  CALSYNC_ENCRYPTION_KEYS: `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`,
};

describe('API configuration', () => {
  it('parses a complete environment with defaults', () => {
    const config = loadApiConfig({ ...valid, CALSYNC_AUTHORITY_HOST: 'https://127.0.0.1:9443/ignored/path' });
    expect(config.port).toBe(4000);
    expect(config.core.encryptionKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(config.core.microsoft.authorityHost).toBe('https://127.0.0.1:9443');
    expect(config.introspection).toBe(true);
    expect(loadApiConfig({ ...valid, NODE_ENV: 'production' }).introspection).toBe(false);
  });

  it('names each missing or malformed variable on its own line, never echoing values', () => {
    const secretish = 'k1:not-base64-32-bytes-SECRET';
    let error: unknown;
    try {
      loadApiConfig({
        ...valid,
        DATABASE_URL: undefined,
        CALSYNC_ENCRYPTION_KEYS: secretish,
        CALSYNC_GRAPH_BASE_URL: 'http://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.some((l) => /DATABASE_URL is required/.test(l))).toBe(true);
    expect(lines.some((l) => /CALSYNC_ENCRYPTION_KEYS .*32 bytes/.test(l))).toBe(true);
    expect(lines.some((l) => /CALSYNC_GRAPH_BASE_URL .*https/.test(l))).toBe(true);
    expect((error as Error).message).not.toContain('SECRET');
  });

  it('stops the real entry point with one clear line when a variable is missing', () => {
    const { DATABASE_URL: _omitted, ...rest } = valid;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
      env: { PATH: process.env.PATH, ...rest },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('configuration error: DATABASE_URL is required but missing');
  });
});

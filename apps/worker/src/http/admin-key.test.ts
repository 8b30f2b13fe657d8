import { describe, expect, it } from 'vitest';
import { presentsAdminKey } from './admin-key.ts';

const key = 'k'.repeat(32);
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('worker /metrics admin key', () => {
  it('admits the key as a bearer token or as any user’s Basic password', () => {
    expect(presentsAdminKey(`Bearer ${key}`, key)).toBe(true);
    expect(presentsAdminKey(basic('prometheus', key), key)).toBe(true);
  });

  it('refuses a wrong, missing or unconfigured key', () => {
    expect(presentsAdminKey(`Bearer ${key}x`, key)).toBe(false);
    expect(presentsAdminKey(basic('prometheus', 'wrong'), key)).toBe(false);
    expect(presentsAdminKey(undefined, key)).toBe(false);
    expect(presentsAdminKey(`Bearer ${key}`, undefined)).toBe(false);
    expect(presentsAdminKey(`Token ${key}`, key)).toBe(false);
  });
});

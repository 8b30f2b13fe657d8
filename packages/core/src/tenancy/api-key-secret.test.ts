import { describe, expect, it } from 'vitest';
import { apiKeyMatches, generateApiKey, parseApiKeyPrefix, secretsEqual } from './api-key-secret.ts';

describe('api key secrets', () => {
  it('generates a prefixed 256-bit key whose hash matches only itself', () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(/^csk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.secret.startsWith(key.prefix)).toBe(true);
    expect(key.secretHash).not.toContain(key.secret.slice(13));
    expect(apiKeyMatches(key.secret, key.secretHash)).toBe(true);
    expect(apiKeyMatches(generateApiKey().secret, key.secretHash)).toBe(false);
  });

  it('parses the prefix only from well-formed keys', () => {
    const key = generateApiKey();
    expect(parseApiKeyPrefix(key.secret)).toBe(key.prefix);
    expect(parseApiKeyPrefix('not-a-key')).toBeNull();
    expect(parseApiKeyPrefix(`${key.secret}x`)).toBeNull();
  });

  it('compares configured secrets exactly', () => {
    expect(secretsEqual('admin-key-123456789012345', 'admin-key-123456789012345')).toBe(true);
    expect(secretsEqual('admin-key-123456789012345', 'admin-key-123456789012346')).toBe(false);
  });
});

import { LRUCache } from 'lru-cache';
import { findApiKeyByPrefix, touchApiKeys, type Database } from '../db/index.ts';
import { digestMatches, digestSecret, parseApiKeyPrefix } from './api-key-secret.ts';
import type { Principal } from './principal.ts';

/**
 * Resolves API keys to principals. Verified keys are cached briefly so a hot API does not
 * pay a database round trip per request; revocation through this process evicts at once,
 * other processes see it within `cacheTtlMs`. `lastUsedAt` is written in batches.
 */
export interface ApiKeyAuthenticator {
  /** `fresh` skips both caches (periodic re-checks of long-lived connections). */
  authenticate(presented: string, options?: { fresh?: boolean }): Promise<Principal | null>;
  forget(keyId: string): void;
  /** Writes pending lastUsedAt updates. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createApiKeyAuthenticator(options: {
  db: Database;
  adminApiKey?: string | undefined;
  cacheTtlMs?: number;
  /** How long an unknown or revoked key prefix is answered without a lookup. */
  negativeCacheTtlMs?: number;
  touchIntervalMs?: number;
}): ApiKeyAuthenticator {
  // Digests as bytes, worked out once: a request hashes only the key it presents (docs/scaling.md §Reads).
  const adminDigest = options.adminApiKey ? digestSecret(options.adminApiKey) : null;
  const cache = new LRUCache<string, { principal: Principal; digest: Buffer }>({
    max: 10_000,
    ttl: options.cacheTtlMs ?? 10_000,
  });
  // Guessed or revoked keys would otherwise cost one database lookup each.
  const unknown = new LRUCache<string, true>({ max: 10_000, ttl: options.negativeCacheTtlMs ?? 5_000 });
  const touched = new Set<string>();

  async function flush(): Promise<void> {
    if (touched.size === 0) return;
    const ids = [...touched];
    touched.clear();
    await touchApiKeys(options.db, ids, new Date());
  }

  const timer = setInterval(() => void flush().catch(() => undefined), options.touchIntervalMs ?? 30_000);
  timer.unref();

  return {
    async authenticate(presented, { fresh = false } = {}) {
      const digest = digestSecret(presented);
      if (adminDigest && digestMatches(digest, adminDigest)) {
        return { role: 'PLATFORM_ADMIN', tenantId: null, keyId: null };
      }
      const prefix = parseApiKeyPrefix(presented);
      if (!prefix) return null;
      if (!fresh && unknown.has(prefix)) return null;
      const cached = fresh ? undefined : cache.get(prefix);
      if (cached) {
        // A known prefix with a wrong secret is answered from the cached hash, too.
        if (!digestMatches(digest, cached.digest)) return null;
        if (cached.principal.keyId) touched.add(cached.principal.keyId);
        return cached.principal;
      }
      const stored = await findApiKeyByPrefix(options.db, prefix);
      if (!stored || stored.revokedAt) {
        unknown.set(prefix, true);
        cache.delete(prefix);
        return null;
      }
      const principal: Principal =
        stored.tenantId === null
          ? { role: 'PLATFORM_ADMIN', tenantId: null, keyId: stored.id }
          : {
              role: stored.role === 'READER' ? 'READER' : 'ADMIN',
              tenantId: stored.tenantId,
              keyId: stored.id,
              ...(stored.purpose !== 'API' && {
                scope: { purpose: stored.purpose, mailboxIds: stored.mailboxIds ?? [] },
              }),
            };
      const storedDigest = Buffer.from(stored.secretHash, 'hex');
      cache.set(prefix, { principal, digest: storedDigest });
      if (!digestMatches(digest, storedDigest)) return null;
      touched.add(stored.id);
      return principal;
    },
    forget(keyId) {
      for (const [prefix, entry] of cache.entries())
        if (entry.principal.keyId === keyId) cache.delete(prefix);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush().catch(() => undefined);
    },
  };
}

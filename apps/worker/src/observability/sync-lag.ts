import type { Redis } from 'ioredis';
import { Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Sync lag per mailbox = now − its last successful sync. Workers record each success in one Redis
 * sorted set (score = time), so every worker's scrape sees all mailboxes, whichever worker synced
 * them, without a cross-tenant database query. Disabled or deleted mailboxes are dropped when a
 * sync skips them; entries untouched for a week are pruned at scrape time.
 */
const PRUNE_AFTER_MS = 7 * 24 * 3600 * 1000;

export const syncLagKey = (prefix: string): string => `${prefix}:metrics:last-sync-success`;

export interface SyncLagRecorder {
  succeeded(mailboxId: string, at?: number): Promise<void>;
  forget(mailboxId: string): Promise<void>;
}

export function createSyncLagRecorder(redis: Redis, prefix: string): SyncLagRecorder {
  const key = syncLagKey(prefix);
  return {
    async succeeded(mailboxId, at = Date.now()) {
      await redis.zadd(key, at, mailboxId);
    },
    async forget(mailboxId) {
      await redis.zrem(key, mailboxId);
    },
  };
}

/**
 * `calsync_sync_lag_seconds`: the current lag of every known mailbox as a histogram (rebuilt at
 * each scrape: a snapshot of the fleet, not cumulative), and `calsync_sync_lag_worst_seconds`
 * for the `worst` most lagging mailboxes, labelled by mailbox id and rank.
 */
export function registerSyncLagMetrics(options: {
  registry: Registry;
  redis: Redis;
  prefix: string;
  worst: number;
  now?: () => number;
}): void {
  const key = syncLagKey(options.prefix);
  const now = options.now ?? Date.now;
  // Both metrics are collected concurrently at scrape time: they share one Redis read per scrape.
  let pending: { at: number; lags: Promise<{ mailboxId: string; seconds: number }[]> } | undefined;
  const snapshot = () => {
    const at = now();
    if (!pending || at - pending.at > 1000) pending = { at, lags: readLags(at) };
    return pending.lags;
  };
  const readLags = async (at: number) => {
    await options.redis.zremrangebyscore(key, '-inf', String(at - PRUNE_AFTER_MS));
    // Ascending by last success: the first entries lag the most.
    const entries = await options.redis.zrange(key, '0', '-1', 'WITHSCORES');
    const lags: { mailboxId: string; seconds: number }[] = [];
    for (let i = 0; i + 1 < entries.length; i += 2) {
      lags.push({ mailboxId: entries[i]!, seconds: Math.max(0, (at - Number(entries[i + 1])) / 1000) });
    }
    return lags;
  };
  new Histogram({
    name: 'calsync_sync_lag_seconds',
    help: 'Seconds since each mailbox last synced successfully (snapshot at scrape time)',
    buckets: [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 24 * 3600],
    registers: [options.registry],
    async collect() {
      const lags = await snapshot();
      this.reset();
      for (const { seconds } of lags) this.observe(seconds);
    },
  });
  new Gauge({
    name: 'calsync_sync_lag_worst_seconds',
    help: `Seconds since the last successful sync of the ${options.worst} most lagging mailboxes`,
    labelNames: ['mailbox_id', 'rank'],
    registers: [options.registry],
    async collect() {
      const lags = await snapshot();
      this.reset();
      lags.slice(0, options.worst).forEach(({ mailboxId, seconds }, index) => {
        this.set({ mailbox_id: mailboxId, rank: String(index + 1) }, seconds);
      });
    },
  });
}

import type { Redis } from 'ioredis';
import type { SyncRunRow } from '../db/index.ts';
import { syncRunKinds, syncRunStatuses, syncRunTriggers } from '../db/schema/enums.ts';

/**
 * The sync-run feed: when the sync engine opens a run (RUNNING) and when it records its end
 * (SUCCEEDED or FAILED), it publishes the run as recorded on Redis channel
 * `<CALSYNC_QUEUE_PREFIX>:sync-runs:<tenantId>`, one JSON message per change: the fields of the
 * public `SyncRun` (dates as ISO strings), never anything the `syncRuns` query does not show.
 * Published after the writing transaction committed; at-most-once, like the change feed (the
 * table stays the truth: `syncRuns` reads it).
 */
export type SyncRunNotice = Omit<SyncRunRow, 'tenantId'>;

export function syncRunChannel(keyPrefix: string, tenantId: string): string {
  return `${keyPrefix}:sync-runs:${tenantId}`;
}

export interface SyncRunFeed {
  redis: Redis;
  /** The deployment's Redis key prefix (CALSYNC_QUEUE_PREFIX). */
  keyPrefix: string;
}

/**
 * Announces a run that was just opened or closed. Not awaited by the engine: the run goes on
 * whether or not anybody listens or Redis answers (a lost notice is what at-most-once allows),
 * and one connection keeps a run's "opened" ahead of its "finished".
 */
export function announceSyncRun(feed: SyncRunFeed, run: SyncRunRow | undefined): void {
  if (!run) return;
  const { tenantId, ...notice } = run;
  feed.redis.publish(syncRunChannel(feed.keyPrefix, tenantId), JSON.stringify(notice)).catch(() => undefined);
}

const oneOf = (values: readonly string[], v: unknown): boolean => typeof v === 'string' && values.includes(v);
const isCount = (v: unknown): v is number => Number.isInteger(v);
const optionalText = (v: unknown): v is string | null => v === null || typeof v === 'string';
function instant(v: unknown): Date | null | undefined {
  if (v === null) return null;
  const date = typeof v === 'string' ? new Date(v) : null;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Parses a feed message into the run it announces; null when it is not one. */
export function parseSyncRunMessage(raw: string): SyncRunNotice | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { id, connectorId, mailboxId, kind, trigger, status, errorCode, errorMessage } = value;
  const [queuedAt, startedAt, finishedAt] = [value.queuedAt, value.startedAt, value.finishedAt].map(instant);
  const counts = [value.pages, value.upserted, value.deleted, value.graphRequests, value.throttled];
  if (
    typeof id !== 'string' ||
    typeof connectorId !== 'string' ||
    typeof mailboxId !== 'string' ||
    !oneOf(syncRunKinds, kind) ||
    !oneOf(syncRunTriggers, trigger) ||
    !oneOf(syncRunStatuses, status) ||
    !queuedAt ||
    startedAt === undefined ||
    finishedAt === undefined ||
    !counts.every(isCount) ||
    !optionalText(errorCode) ||
    !optionalText(errorMessage)
  )
    return null;
  const [pages, upserted, deleted, graphRequests, throttled] = counts;
  return {
    id,
    connectorId,
    mailboxId,
    kind: kind as SyncRunNotice['kind'],
    trigger: trigger as SyncRunNotice['trigger'],
    status: status as SyncRunNotice['status'],
    queuedAt,
    startedAt,
    finishedAt,
    pages: pages!,
    upserted: upserted!,
    deleted: deleted!,
    graphRequests: graphRequests!,
    throttled: throttled!,
    errorCode,
    errorMessage,
  };
}

import type { Redis } from 'ioredis';
import { connectorBackoffKey } from './connector-backoff.ts';
import {
  acquireLeaseSlotUnlessBlocked,
  releaseLeaseSlot,
  renewLeaseSlot,
  type LeaseSlot,
} from '../jobs/lease-slots.ts';

export interface ConnectorSlotOptions {
  redis: Redis;
  prefix: string;
  connectorId: string;
  /** Unique per running job (the BullMQ job id). */
  holder: string;
  /** Mailbox jobs of one connector running at once, across all workers. */
  limit: number;
  /** How long a lease lives without renewal. Default 60 s. */
  leaseMs?: number | undefined;
}

const DEFAULT_LEASE_MS = 60_000;

function leaseSlot(options: ConnectorSlotOptions): LeaseSlot {
  return {
    redis: options.redis,
    key: `${options.prefix}:slots:connector:${options.connectorId}`,
    holder: options.holder,
    limit: options.limit,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
  };
}

/**
 * Per-connector cap on concurrently running mailbox jobs, so one large tenant
 * cannot occupy every worker slot (see acquireLeaseSlot). A connector backing off (a recent
 * 429/503, connector-backoff.ts) gives no slot: `backoffUntil` is when its jobs may call again
 * (0 when it is not backing off). Both checks are one Redis round trip.
 */
export async function acquireConnectorSlot(
  options: ConnectorSlotOptions,
): Promise<{ acquired: boolean; backoffUntil: number }> {
  const result = await acquireLeaseSlotUnlessBlocked(
    leaseSlot(options),
    connectorBackoffKey(options.prefix, options.connectorId),
  );
  return { acquired: result.acquired, backoffUntil: result.blockedUntil };
}

/** Extends the holder's lease. */
function renewConnectorSlot(options: ConnectorSlotOptions): Promise<void> {
  return renewLeaseSlot(leaseSlot(options));
}

/**
 * A renewal to call after every page, for a slot acquired just now: it renews the lease only once a
 * quarter of its lifetime has passed since the last renewal. Pages commit far more often than a
 * lease needs renewing (each renewal is a Redis round trip: ≈ 9 a mailbox in a large first sync),
 * and a job stuck on one page for three quarters of a lease still holds its slot.
 */
export function connectorSlotRenewal(
  options: ConnectorSlotOptions,
  now: () => number = Date.now,
): () => Promise<void> {
  const interval = (options.leaseMs ?? DEFAULT_LEASE_MS) / 4;
  let renewedAt = now();
  return async () => {
    if (now() - renewedAt < interval) return;
    renewedAt = now();
    await renewConnectorSlot(options);
  };
}

export function releaseConnectorSlot(options: ConnectorSlotOptions): Promise<void> {
  return releaseLeaseSlot(leaseSlot(options));
}

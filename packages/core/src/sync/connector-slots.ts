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

function leaseSlot(options: ConnectorSlotOptions): LeaseSlot {
  return {
    redis: options.redis,
    key: `${options.prefix}:slots:connector:${options.connectorId}`,
    holder: options.holder,
    limit: options.limit,
    leaseMs: options.leaseMs ?? 60_000,
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

/** Extends the holder's lease (call while the job makes progress). */
export function renewConnectorSlot(options: ConnectorSlotOptions): Promise<void> {
  return renewLeaseSlot(leaseSlot(options));
}

export function releaseConnectorSlot(options: ConnectorSlotOptions): Promise<void> {
  return releaseLeaseSlot(leaseSlot(options));
}

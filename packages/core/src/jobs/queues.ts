import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAMES, type QueueName } from './definitions.ts';

/** Default bound on one command of a non-blocking connection (CALSYNC_REDIS_COMMAND_TIMEOUT_MS). */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 10_000;

/**
 * Redis options BullMQ needs on blocking connections: no per-command retry limit and no
 * ready check, so a Redis restart pauses work instead of failing jobs. Every other connection
 * bounds each command (queued ones included), so an outage fails a request within the bound
 * instead of holding it until ioredis gives up on reconnecting (over a minute).
 */
export function createRedisConnection(
  url: string,
  purpose: 'queue' | 'worker' | 'client',
  commandTimeoutMs: number = DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: purpose === 'worker' ? null : 20,
    enableReadyCheck: purpose !== 'worker',
    lazyConnect: false,
    ...(purpose === 'worker' ? {} : { commandTimeout: commandTimeoutMs }),
  });
}

export type Queues = Record<QueueName, Queue> & { close(): Promise<void> };

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })]),
  ) as Record<QueueName, Queue>;
  return {
    ...queues,
    async close() {
      await Promise.all(QUEUE_NAMES.map((name) => queues[name].close()));
    },
  };
}

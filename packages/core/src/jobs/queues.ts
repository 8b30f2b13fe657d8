import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAMES, type QueueName } from './definitions.ts';

/**
 * Redis options BullMQ needs on blocking connections: no per-command retry limit and no
 * ready check, so a Redis restart pauses work instead of failing jobs.
 */
export function createRedisConnection(url: string, purpose: 'queue' | 'worker' | 'client'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: purpose === 'worker' ? null : 20,
    enableReadyCheck: purpose !== 'worker',
    lazyConnect: false,
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

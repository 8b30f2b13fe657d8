import { QUEUE_NAMES, type Core } from '@calsync/core';
import { Gauge, type Registry } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/**
 * Queue depth per queue and state, and the age of the oldest job waiting to start, read from
 * Redis at scrape time (the same figures every worker sees; aggregate with max() across pods).
 */
export function registerQueueMetrics(registry: Registry, core: Core): void {
  new Gauge({
    name: 'calsync_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of QUEUE_NAMES) {
        const counts = await core.queues[queue].getJobCounts(...STATES);
        for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
      }
    },
  });
  new Gauge({
    name: 'calsync_queue_oldest_waiting_job_age_seconds',
    help: 'Age of the oldest job waiting to start, per queue (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const now = Date.now();
      for (const queue of QUEUE_NAMES) {
        // Oldest first per state; with two states BullMQ may return one job of each.
        const heads = await core.queues[queue].getJobs(['wait', 'prioritized'], 0, 0, true);
        const oldest = Math.min(now, ...heads.map((job) => job.timestamp));
        this.set({ queue }, Math.max(0, (now - oldest) / 1000));
      }
    },
  });
}

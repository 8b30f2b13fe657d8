import { Worker, type Job } from 'bullmq';
import {
  createRedisConnection,
  followUpNotifiedSync,
  isEndpointBehind,
  enqueueWebhookDelivery,
  JOB_DEFINITIONS,
  QUEUE_NAMES,
  jobNamesOf,
  withLogContext,
  type Core,
  type JobName,
  type JobPayload,
  type QueueName,
} from '@calsync/core';
import { jobLogFields } from './observability/job-log-fields.ts';
import { runInJobSpan } from './observability/job-span.ts';

/** One processor per job name; it receives the validated payload and the BullMQ job (for progress, delays). */
export type Processor<N extends JobName> = (
  payload: JobPayload<N>,
  job: Job,
  token: string | undefined,
) => Promise<unknown>;
export type ProcessorMap = { [N in JobName]: Processor<N> };

/** Fails start-up unless every defined job name has exactly one processor and nothing extra. */
export function checkProcessors(processors: Partial<Record<string, unknown>>): void {
  const defined = Object.keys(JOB_DEFINITIONS).sort();
  const given = Object.keys(processors).sort();
  const missing = defined.filter((name) => !given.includes(name));
  const extra = given.filter((name) => !defined.includes(name));
  if (missing.length || extra.length) {
    throw new Error(
      `worker processors do not match job definitions: missing [${missing.join(', ')}], unknown [${extra.join(', ')}]`,
    );
  }
}

export interface RunningWorkers {
  workers: Record<QueueName, Worker>;
  /**
   * Stops taking jobs and waits up to `deadlineMs` for in-flight ones; past it, disconnects
   * anyway. An abandoned job keeps its place: its lock expires and BullMQ's stalled check
   * gives it to the next worker (each page is one transaction, so a cut page rolls back).
   */
  close(deadlineMs: number): Promise<{ abandoned: number }>;
}

/** BullMQ's recovery of jobs whose worker died (docs/resilience.md). */
export interface StallSettings {
  /** Lock lifetime without renewal (renewed every half of it while the job runs). */
  lockDurationMs: number;
  /** How often the stalled check looks for expired locks. */
  stalledIntervalMs: number;
  /** Stalls a job survives before BullMQ fails it. */
  maxStalledCount: number;
}

export function startWorkers(options: {
  core: Core;
  processors: ProcessorMap;
  concurrency: Record<QueueName, number>;
  stall?: StallSettings | undefined;
}): RunningWorkers {
  checkProcessors(options.processors);
  const { core } = options;
  let running = 0;
  const workers = Object.fromEntries(
    QUEUE_NAMES.map((queue) => {
      const names = new Set<string>(jobNamesOf(queue));
      const worker = new Worker(
        queue,
        async (job: Job, token?: string) => {
          if (!names.has(job.name)) throw new Error(`queue ${queue} has no job named ${job.name}`);
          const name = job.name as JobName;
          const payload = JOB_DEFINITIONS[name].payload.parse(job.data);
          const processor = options.processors[name] as Processor<typeof name>;
          running += 1;
          const started = performance.now();
          try {
            return await withLogContext(jobLogFields(job), async () => {
              const result = await runInJobSpan(job, () => processor(payload, job, token));
              core.logger.debug(
                { queue, job: name, durationMs: Math.round(performance.now() - started) },
                'job completed',
              );
              return result;
            });
          } finally {
            running -= 1;
          }
        },
        {
          connection: createRedisConnection(core.config.redisUrl, 'worker'),
          prefix: core.queuePrefix,
          concurrency: options.concurrency[queue],
          autorun: true,
          ...(options.stall
            ? {
                lockDuration: options.stall.lockDurationMs,
                stalledInterval: options.stall.stalledIntervalMs,
                maxStalledCount: options.stall.maxStalledCount,
              }
            : {}),
        },
      );
      worker.on('failed', (job, err) =>
        core.logger.warn(
          { queue, job: job?.name, ...(job ? jobLogFields(job) : {}), err: { message: err.message } },
          'job failed',
        ),
      );
      if (queue === 'sync') followUpNotifications(core, worker);
      if (queue === 'webhooks') followUpWebhookCommits(core, worker);
      core.redisOutages.watch(`worker:${queue}`, worker, worker.getBackend());
      return [queue, worker];
    }),
  ) as Record<QueueName, Worker>;

  return {
    workers,
    async close(deadlineMs) {
      const all = QUEUE_NAMES.map((queue) => workers[queue]);
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.all(all.map((w) => w.close())).then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), deadlineMs);
        }),
      ]);
      clearTimeout(timer);
      if (finished) return { abandoned: 0 };
      const abandoned = running;
      core.logger.warn({ deadlineMs, abandoned }, 'worker close deadline passed; abandoning in-flight jobs');
      await Promise.all(all.map((w) => w.disconnect().catch(() => undefined)));
      return { abandoned };
    },
  };
}

/**
 * A Graph notification deduplicated into a running mailbox.sync may have come after that round read its
 * changes: once the job has finished (and its deduplication id is free), such a mailbox gets one more round.
 */
function followUpNotifications(core: Core, worker: Worker): void {
  worker.on('completed', (job: Job) => {
    if (job.name !== 'mailbox.sync' || job.processedOn === undefined) return;
    const { tenantId, connectorId, mailboxId } = JOB_DEFINITIONS['mailbox.sync'].payload.parse(job.data);
    void followUpNotifiedSync(core, { tenantId, connectorId, mailboxId }, job.processedOn).catch(
      () => undefined,
    );
  });
}

/**
 * A commit whose trigger was deduplicated into a webhook delivery that had already read the log's
 * end is not lost: once the job is gone (its id free), an endpoint still behind gets another one.
 */
function followUpWebhookCommits(core: Core, worker: Worker): void {
  worker.on('completed', (job: Job) => {
    if (job.name !== 'webhook.deliver') return;
    const payload = JOB_DEFINITIONS['webhook.deliver'].payload.parse(job.data);
    void isEndpointBehind(core.db, payload)
      .then((behind) => (behind ? enqueueWebhookDelivery(core.queues, payload) : undefined))
      .catch(() => undefined);
  });
}

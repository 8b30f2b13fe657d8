import { Worker, type Job } from 'bullmq';
import {
  createRedisConnection,
  JOB_DEFINITIONS,
  QUEUE_NAMES,
  jobNamesOf,
  type Core,
  type JobName,
  type JobPayload,
  type QueueName,
} from '@calsync/core';

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
  /** Finishes in-flight jobs, then closes. */
  close(): Promise<void>;
}

export function startWorkers(options: {
  core: Core;
  processors: ProcessorMap;
  concurrency: Record<QueueName, number>;
}): RunningWorkers {
  checkProcessors(options.processors);
  const { core } = options;
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
          return processor(payload, job, token);
        },
        {
          connection: createRedisConnection(core.config.redisUrl, 'worker'),
          prefix: core.queuePrefix,
          concurrency: options.concurrency[queue],
          autorun: true,
        },
      );
      worker.on('failed', (job, err) =>
        core.logger.warn(
          { queue, job: job?.name, jobId: job?.id, err: { message: err.message } },
          'job failed',
        ),
      );
      worker.on('error', (err) =>
        core.logger.error({ queue, err: { message: err.message } }, 'worker error'),
      );
      return [queue, worker];
    }),
  ) as Record<QueueName, Worker>;

  return {
    workers,
    async close() {
      await Promise.all(QUEUE_NAMES.map((queue) => workers[queue].close()));
    },
  };
}

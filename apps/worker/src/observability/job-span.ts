import type { Job } from 'bullmq';
import {
  activeTraceId,
  addLogContext,
  inSpan,
  SpanKind,
  tracingEnabled,
  withJobTraceContext,
} from '@calsync/core';

/**
 * With tracing on, runs a job inside a consumer span (`mailbox.sync process`) that continues the
 * trace its data carries (the mutation that queued it), so the job's Graph calls and SQL
 * statements join that trace; the log lines of the job get its traceId. Off: runs `fn` as is.
 */
export function runInJobSpan<T>(job: Job, fn: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return fn();
  const attributes = {
    'messaging.system': 'bullmq',
    'messaging.destination.name': job.queueName,
    'messaging.message.id': job.id ?? '',
  };
  return withJobTraceContext(job.data, () =>
    inSpan(`${job.name} process`, { kind: SpanKind.CONSUMER, attributes }, () => {
      const traceId = activeTraceId();
      if (traceId) addLogContext({ traceId });
      return fn();
    }),
  );
}

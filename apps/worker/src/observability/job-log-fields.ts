import type { Job } from 'bullmq';
import type { LogFields } from '@calsync/core';

const ID_FIELDS = ['tenantId', 'connectorId', 'mailboxId'] as const;

/**
 * The log correlation fields of a job: its id and the tenant, connector and mailbox ids its
 * payload names (payloads hold ids only, never secrets).
 */
export function jobLogFields(job: Job): LogFields {
  const data: unknown = job.data;
  const fields: LogFields = job.id === undefined ? {} : { jobId: job.id };
  if (typeof data !== 'object' || data === null) return fields;
  for (const key of ID_FIELDS) {
    const value = (data as Record<string, unknown>)[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}

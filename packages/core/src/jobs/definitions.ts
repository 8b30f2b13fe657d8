import { createHash } from 'node:crypto';
import { z } from 'zod';
import { syncRunTriggers } from '../db/schema/enums.ts';
import { SYNC_MODES } from '../sync/plan-round.ts';

/**
 * Every queue and job name calsync runs, with its payload schema. Payloads carry ids only:
 * workers load and decrypt credentials themselves, so no secret ever sits in Redis.
 */
// `directory` is its own queue so a slow room directory read never delays ticks or syncs;
// `webhooks` likewise, so a slow receiver never delays sync work (docs/change-feed.md).
export const QUEUE_NAMES = ['sync', 'connector', 'directory', 'webhooks'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const uuid = z.uuid();

export const mailboxSyncPayload = z.object({
  tenantId: uuid,
  connectorId: uuid,
  mailboxId: uuid,
  mode: z.enum(SYNC_MODES),
  trigger: z.enum(syncRunTriggers),
});
export type MailboxSyncPayload = z.infer<typeof mailboxSyncPayload>;

/** Most mailboxes a `mailbox.first-sync` job carries (sync/first-sync-batch.ts). */
export const FIRST_SYNC_BATCH_MAX = 100;

/** Never-synced mailboxes of one connector, first-synced in one job (docs/architecture.md). */
export const mailboxFirstSyncPayload = z.object({
  tenantId: uuid,
  connectorId: uuid,
  mailboxIds: z.array(uuid).min(1).max(FIRST_SYNC_BATCH_MAX),
  trigger: z.enum(syncRunTriggers),
});
export type MailboxFirstSyncPayload = z.infer<typeof mailboxFirstSyncPayload>;

export const connectorTickPayload = z.object({ tenantId: uuid, connectorId: uuid });
export type ConnectorTickPayload = z.infer<typeof connectorTickPayload>;

export const connectorCheckPayload = z.object({
  tenantId: uuid,
  connectorId: uuid,
  reason: z.enum(['CREATED', 'CREDENTIAL_CHANGED', 'MANUAL', 'SCHEDULED']),
});
export type ConnectorCheckPayload = z.infer<typeof connectorCheckPayload>;

/** Change log retention (docs/change-feed.md): the worker's settings say how old and how much. */
export const changesTrimPayload = z.object({});
export type ChangesTrimPayload = z.infer<typeof changesTrimPayload>;
/** What a graph-subscription.maintain job does for one mailbox (docs/graph-notifications.md). */
export const graphSubscriptionActions = ['SUBSCRIBE', 'RENEW', 'REAUTHORIZE', 'RECREATE'] as const;
export type GraphSubscriptionAction = (typeof graphSubscriptionActions)[number];

export const graphSubscriptionMaintainPayload = z.object({
  tenantId: uuid,
  connectorId: uuid,
  mailboxId: uuid,
  action: z.enum(graphSubscriptionActions),
});
export type GraphSubscriptionMaintainPayload = z.infer<typeof graphSubscriptionMaintainPayload>;
export const roomDirectoryRefreshPayload = z.object({
  tenantId: uuid,
  connectorId: uuid,
  trigger: z.enum(['SCHEDULE', 'MANUAL']),
});
export type RoomDirectoryRefreshPayload = z.infer<typeof roomDirectoryRefreshPayload>;

/** Posts one webhook endpoint's undelivered changes (docs/change-feed.md, "Webhooks"). */
export const webhookDeliverPayload = z.object({ tenantId: uuid, endpointId: uuid });
export type WebhookDeliverPayload = z.infer<typeof webhookDeliverPayload>;
/** The safety net: queues delivery for every active endpoint behind its tenant's change log. */
export const webhookSweepPayload = z.object({});
export type WebhookSweepPayload = z.infer<typeof webhookSweepPayload>;

/** Job name → queue and payload schema. The worker refuses to start unless each has one processor. */
export const JOB_DEFINITIONS = {
  'mailbox.sync': { queue: 'sync', payload: mailboxSyncPayload },
  'mailbox.first-sync': { queue: 'sync', payload: mailboxFirstSyncPayload },
  'connector.tick': { queue: 'connector', payload: connectorTickPayload },
  'connector.check': { queue: 'connector', payload: connectorCheckPayload },
  'changes.trim': { queue: 'connector', payload: changesTrimPayload },
  'graph-subscription.maintain': { queue: 'connector', payload: graphSubscriptionMaintainPayload },
  'room-directory.refresh': { queue: 'directory', payload: roomDirectoryRefreshPayload },
  'webhook.deliver': { queue: 'webhooks', payload: webhookDeliverPayload },
  'webhook.sweep': { queue: 'webhooks', payload: webhookSweepPayload },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>;

export type JobName = keyof typeof JOB_DEFINITIONS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_DEFINITIONS)[N]['payload']>;

export function jobNamesOf(queue: QueueName): JobName[] {
  return (Object.keys(JOB_DEFINITIONS) as JobName[]).filter((name) => JOB_DEFINITIONS[name].queue === queue);
}

/** Deduplication id: at most one pending or running sync per mailbox. */
export const mailboxSyncJobId = (mailboxId: string): string => `mailbox:${mailboxId}`;

/** Deduplication id of a first-sync batch: its mailboxes, digested (the same batch is not queued twice). */
export const firstSyncJobId = (connectorId: string, mailboxIds: readonly string[]): string =>
  `first-sync:${connectorId}:${createHash('sha256').update(mailboxIds.join(',')).digest('hex').slice(0, 24)}`;

/** Deduplication id: one pending subscription job per mailbox and action. */
export const graphSubscriptionJobId = (mailboxId: string, action: GraphSubscriptionAction): string =>
  `graph-subscription:${mailboxId}:${action}`;
/** Deduplication id: at most one pending or running room directory refresh per connector. */
export const roomDirectoryJobId = (connectorId: string): string => `room-directory:${connectorId}`;
/** Deduplication id: at most one pending or running delivery per webhook endpoint (keeps them in order). */
export const webhookDeliveryJobId = (endpointId: string): string => `webhook-${endpointId}`;

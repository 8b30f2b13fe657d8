import { graphSubscriptionJobId, mailboxSyncJobId, type GraphSubscriptionAction } from '../jobs/index.ts';
import { MAILBOX_SYNC_JOB_OPTIONS } from '../sync/enqueue-mailbox-syncs.ts';
import type { NotificationsCore } from './notifications-core.ts';
import type { MailboxRef } from './subscription-rows.ts';

/**
 * Notifications for one mailbox arriving within this window share one delta round: the job waits this long
 * (deduplicated per mailbox) before it runs.
 */
export const NOTIFICATION_COALESCE_MS = 300;
const NOTIFIED_TTL_MS = 24 * 3_600_000;

const notifiedKey = (prefix: string, mailboxId: string): string => `${prefix}:graph-notified:${mailboxId}`;

/**
 * A notification is a trigger, never data: it asks for a delta round of the mailbox (the round is the single
 * writer). Deduplicated per mailbox, so a burst gives one job; the time is remembered so a notification that
 * arrives while a round is already running gets one follow-up round (followUpNotifiedSync).
 */
export async function requestNotifiedSync(
  core: Pick<NotificationsCore, 'redis' | 'queues' | 'queuePrefix'>,
  ref: MailboxRef,
): Promise<'enqueued' | 'coalesced'> {
  await core.redis.set(
    notifiedKey(core.queuePrefix, ref.mailboxId),
    String(Date.now()),
    'PX',
    NOTIFIED_TTL_MS,
  );
  const dedupId = mailboxSyncJobId(ref.mailboxId);
  const pending = await core.queues.sync.getDeduplicationJobId(dedupId);
  await addSync(core, ref);
  return pending ? 'coalesced' : 'enqueued';
}

/**
 * After a mailbox.sync job finished: when a notification came in after the job started (its request was
 * deduplicated into the running job), one more round picks up what that round may have missed.
 */
export async function followUpNotifiedSync(
  core: Pick<NotificationsCore, 'redis' | 'queues' | 'queuePrefix'>,
  ref: MailboxRef,
  startedAtMs: number,
): Promise<boolean> {
  const at = Number(await core.redis.get(notifiedKey(core.queuePrefix, ref.mailboxId)));
  if (!Number.isFinite(at) || at < startedAtMs) return false;
  await addSync(core, ref);
  return true;
}

async function addSync(core: Pick<NotificationsCore, 'queues'>, ref: MailboxRef): Promise<void> {
  await core.queues.sync.add(
    'mailbox.sync',
    { ...ref, mode: 'AUTO', trigger: 'NOTIFICATION' },
    {
      ...MAILBOX_SYNC_JOB_OPTIONS,
      delay: NOTIFICATION_COALESCE_MS,
      deduplication: { id: mailboxSyncJobId(ref.mailboxId) },
    },
  );
}

/** Queues subscription work for a worker (the API never calls Microsoft from a webhook request). */
export async function requestSubscriptionAction(
  core: Pick<NotificationsCore, 'queues'>,
  ref: MailboxRef,
  action: GraphSubscriptionAction,
): Promise<void> {
  await core.queues.connector.add(
    'graph-subscription.maintain',
    { ...ref, action },
    {
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: true,
      removeOnFail: 1_000,
      deduplication: { id: graphSubscriptionJobId(ref.mailboxId, action) },
    },
  );
}

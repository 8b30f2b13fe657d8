import { and, eq, inArray } from 'drizzle-orm';
import { connectors, mailboxes, withTenant, type GraphSubscriptionRow } from '../db/index.ts';
import type { NotificationsCore } from './notifications-core.ts';
import { graphNotificationUrls } from './notification-urls.ts';
import { requestSubscriptionAction } from './notified-sync.ts';
import { readSubscriptions, type MailboxRef } from './subscription-rows.ts';

/** A refused subscription is tried again after this long (the mailbox is polled meanwhile). */
export const FAILED_RETRY_MS = 3_600_000;

export interface MailboxUpkeepInput {
  mailboxId: string;
  lastSyncedAt: Date | null;
  subscription: GraphSubscriptionRow | undefined;
}

export interface UpkeepDecision {
  /** Poll on this tick (no healthy subscription, or the safety-net interval has passed). */
  poll: boolean;
  action: 'SUBSCRIBE' | 'RENEW' | undefined;
}

/**
 * Per mailbox on a connector tick (docs/graph-notifications.md): a healthy subscription means the mailbox is
 * polled only every safety interval; renewal once half the lifetime is used; a mailbox synced at least once
 * without a subscription (or with an expired one, or one refused over an hour ago) gets a new one.
 */
export function decideUpkeep(
  input: MailboxUpkeepInput,
  options: { nowMs: number; safetyPollMs: number; maxLifetimeMs: number },
): UpkeepDecision {
  const s = input.subscription;
  const syncedAgo = input.lastSyncedAt === null ? Infinity : options.nowMs - input.lastSyncedAt.getTime();
  if (s?.status === 'ACTIVE' && s.expiresAt !== null && s.expiresAt.getTime() > options.nowMs) {
    const left = s.expiresAt.getTime() - options.nowMs;
    return {
      poll: syncedAgo >= options.safetyPollMs,
      action: left < options.maxLifetimeMs / 2 ? 'RENEW' : undefined,
    };
  }
  if (input.lastSyncedAt === null) return { poll: true, action: undefined };
  if (s?.status === 'FAILED' && options.nowMs - s.updatedAt.getTime() < FAILED_RETRY_MS) {
    return { poll: true, action: undefined };
  }
  return { poll: true, action: 'SUBSCRIBE' };
}

/**
 * Applies decideUpkeep to a connector's mailboxes: queues subscription work and returns the mailboxes the
 * tick should poll. With notifications off (no public URL, or a back end without them) every mailbox is polled.
 */
export async function connectorNotificationUpkeep(
  core: NotificationsCore,
  tenantId: string,
  connectorId: string,
  mailboxIds: readonly string[],
): Promise<Set<string>> {
  const all = new Set(mailboxIds);
  if (mailboxIds.length === 0 || !graphNotificationUrls(core.config)) return all;
  const rows = await withTenant(core.db, tenantId, async (tx) => {
    const [connector] = await tx
      .select({ kind: connectors.kind })
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId)));
    const synced = await tx
      .select({ id: mailboxes.id, lastSyncedAt: mailboxes.lastSyncedAt })
      .from(mailboxes)
      .where(and(eq(mailboxes.tenantId, tenantId), inArray(mailboxes.id, [...mailboxIds])));
    return { kind: connector?.kind, synced };
  });
  const capability = rows.kind ? core.providers.for(rows.kind).changeNotifications : undefined;
  if (!capability) return all;
  const subscriptions = new Map(
    (await readSubscriptions(core.db, tenantId, mailboxIds)).map((s) => [s.mailboxId, s]),
  );
  const options = {
    nowMs: Date.now(),
    safetyPollMs: core.config.notifications?.safetyPollIntervalMs ?? Infinity,
    maxLifetimeMs: capability.maxLifetimeMs,
  };
  const poll = new Set<string>();
  for (const m of rows.synced) {
    const decision = decideUpkeep(
      { mailboxId: m.id, lastSyncedAt: m.lastSyncedAt, subscription: subscriptions.get(m.id) },
      options,
    );
    if (decision.poll) poll.add(m.id);
    const ref: MailboxRef = { tenantId, connectorId, mailboxId: m.id };
    if (decision.action) await requestSubscriptionAction(core, ref, decision.action);
  }
  return poll;
}

import {
  clientStateMatches,
  findSubscriptionOwner,
  requestNotifiedSync,
  requestSubscriptionAction,
  touchLastNotification,
  type Core,
  type MailboxRef,
  type SubscriptionOwner,
} from '@calsync/core';
import type { NotificationItem } from './notification-body.ts';
import type { NotificationMetrics } from './notification-metrics.ts';

export type WebhookKind = 'change' | 'lifecycle';

/**
 * The items whose subscription we know and whose clientState matches (timing-safe); the rest are dropped and
 * counted. Never follows anything in the item (resource, URLs): only Microsoft's subscription id is used.
 */
async function authenticItems(
  core: Core,
  items: readonly NotificationItem[],
  metrics: NotificationMetrics,
): Promise<Array<{ item: NotificationItem; owner: SubscriptionOwner }>> {
  const owners = new Map<string, SubscriptionOwner | null>();
  const out: Array<{ item: NotificationItem; owner: SubscriptionOwner }> = [];
  for (const item of items) {
    if (!owners.has(item.subscriptionId))
      owners.set(item.subscriptionId, await findSubscriptionOwner(core.db, item.subscriptionId));
    const owner = owners.get(item.subscriptionId);
    if (!owner) {
      metrics.dropped.inc({ reason: 'unknown_subscription' });
      continue;
    }
    if (!clientStateMatches(item.clientState, owner.clientStateHash)) {
      metrics.dropped.inc({ reason: 'client_state_mismatch' });
      continue;
    }
    out.push({ item, owner });
  }
  return out;
}

const refOf = (o: SubscriptionOwner): MailboxRef => ({
  tenantId: o.tenantId,
  connectorId: o.connectorId,
  mailboxId: o.mailboxId,
});

/**
 * Change notifications: one deduplicated delta sync per mailbox (the notification is a trigger, never data);
 * lifecycle events: reauthorize, recreate or resync through worker jobs (docs/graph-notifications.md).
 */
export async function acceptNotifications(
  core: Core,
  kind: WebhookKind,
  items: readonly NotificationItem[],
  metrics: NotificationMetrics,
): Promise<void> {
  metrics.received.inc({ kind }, items.length);
  const accepted = await authenticItems(core, items, metrics);
  const now = new Date();
  const seen = new Set<string>();
  for (const { item, owner } of accepted) {
    const ref = refOf(owner);
    if (kind === 'lifecycle') {
      await handleLifecycle(core, ref, item.lifecycleEvent, metrics);
      continue;
    }
    if (seen.has(owner.mailboxId)) {
      metrics.coalesced.inc();
      continue;
    }
    seen.add(owner.mailboxId);
    if ((await requestNotifiedSync(core, ref)) === 'coalesced') metrics.coalesced.inc();
    await touchLastNotification(core.db, owner.tenantId, owner.mailboxId, now);
  }
}

async function handleLifecycle(
  core: Core,
  ref: MailboxRef,
  event: string | undefined,
  metrics: NotificationMetrics,
): Promise<void> {
  switch (event) {
    case 'reauthorizationRequired':
      return requestSubscriptionAction(core, ref, 'REAUTHORIZE');
    case 'subscriptionRemoved':
      return requestSubscriptionAction(core, ref, 'RECREATE');
    case 'missed':
      await requestNotifiedSync(core, ref);
      return;
    case undefined:
    default:
      metrics.dropped.inc({ reason: 'unknown_lifecycle_event' });
  }
}

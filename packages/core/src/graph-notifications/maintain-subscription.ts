import type { GraphSubscriptionMaintainPayload } from '../jobs/index.ts';
import type { NotificationsCore } from './notifications-core.ts';
import { requestNotifiedSync } from './notified-sync.ts';
import { renewSubscription, subscribeMailbox, type SubscribeOutcome } from './subscribe-mailbox.ts';

/**
 * graph-subscription.maintain (docs/graph-notifications.md): SUBSCRIBE after a first successful sync, RENEW
 * before expiry, REAUTHORIZE on reauthorizationRequired (a renewal: Graph's PATCH also reauthorizes, and
 * Graph sends the event when a subscription is about to expire), RECREATE on subscriptionRemoved.
 * Reauthorizing and recreating are followed by a delta round: changes while notifications were paused are
 * never sent.
 */
export async function maintainSubscription(
  core: NotificationsCore,
  job: GraphSubscriptionMaintainPayload,
): Promise<{ outcome: SubscribeOutcome }> {
  const ref = { tenantId: job.tenantId, connectorId: job.connectorId, mailboxId: job.mailboxId };
  switch (job.action) {
    case 'SUBSCRIBE':
      return { outcome: await subscribeMailbox(core, ref) };
    case 'RENEW':
      return { outcome: await renewSubscription(core, ref) };
    case 'REAUTHORIZE': {
      const outcome = await renewSubscription(core, ref);
      await requestNotifiedSync(core, ref);
      return { outcome };
    }
    case 'RECREATE': {
      const outcome = await subscribeMailbox(core, ref);
      await requestNotifiedSync(core, ref);
      return { outcome };
    }
  }
}

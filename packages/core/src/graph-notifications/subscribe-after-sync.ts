import type { NotificationsCore } from './notifications-core.ts';
import { graphNotificationUrls } from './notification-urls.ts';
import { requestSubscriptionAction } from './notified-sync.ts';
import { readSubscription, type MailboxRef } from './subscription-rows.ts';

/**
 * After a successful sync: a mailbox without a subscription row gets one queued (the first sync proves the
 * mailbox is readable, so subscribing can succeed). Refusals and renewals are the connector tick's business.
 */
export async function subscribeAfterSync(core: NotificationsCore, ref: MailboxRef): Promise<void> {
  if (!graphNotificationUrls(core.config)) return;
  if (await readSubscription(core.db, ref.tenantId, ref.mailboxId)) return;
  await requestSubscriptionAction(core, ref, 'SUBSCRIBE');
}

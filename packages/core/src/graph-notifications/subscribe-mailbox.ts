import { and, eq } from 'drizzle-orm';
import { connectors, mailboxes, withTenant } from '../db/index.ts';
import type { ChangeNotificationsCapability } from '../providers/index.ts';
import { hashClientState, newClientState } from './client-state.ts';
import type { NotificationsCore } from './notifications-core.ts';
import { graphNotificationUrls } from './notification-urls.ts';
import {
  readSubscription,
  saveActive,
  saveExpiry,
  saveFailed,
  type MailboxRef,
} from './subscription-rows.ts';

/** Asked-for lifetime: the back end's maximum less a minute, so clock skew never makes it refuse. */
const LIFETIME_MARGIN_MS = 60_000;

export type SubscribeOutcome = 'subscribed' | 'failed' | 'off';

/** The mailbox's address and its provider's notification capability, or undefined when it cannot subscribe. */
async function subscribable(
  core: NotificationsCore,
  ref: MailboxRef,
): Promise<{ address: string; capability: ChangeNotificationsCapability } | undefined> {
  const row = await withTenant(core.db, ref.tenantId, async (tx) => {
    const [found] = await tx
      .select({ address: mailboxes.address, kind: connectors.kind })
      .from(mailboxes)
      .innerJoin(
        connectors,
        and(eq(connectors.tenantId, mailboxes.tenantId), eq(connectors.id, mailboxes.connectorId)),
      )
      .where(and(eq(mailboxes.tenantId, ref.tenantId), eq(mailboxes.id, ref.mailboxId)));
    return found;
  });
  const capability = row ? core.providers.for(row.kind).changeNotifications : undefined;
  return row && capability ? { address: row.address, capability } : undefined;
}

/**
 * Creates the mailbox's subscription (Microsoft validates our webhook first) with a fresh clientState and
 * stores what Microsoft returned; a refusal is stored as FAILED and the mailbox keeps being polled.
 */
export async function subscribeMailbox(core: NotificationsCore, ref: MailboxRef): Promise<SubscribeOutcome> {
  const urls = graphNotificationUrls(core.config);
  if (!urls) return 'off';
  const target = await subscribable(core, ref);
  if (!target) return 'off';
  const previous = await readSubscription(core.db, ref.tenantId, ref.mailboxId);
  const clientState = newClientState();
  const connector = { tenantId: ref.tenantId, connectorId: ref.connectorId };
  try {
    const created = await target.capability.subscribe(connector, {
      mailboxAddress: target.address,
      ...urls,
      clientState,
      expiresAt: new Date(Date.now() + target.capability.maxLifetimeMs - LIFETIME_MARGIN_MS),
    });
    await saveActive(core.db, ref, {
      subscriptionId: created.subscriptionId,
      clientStateHash: hashClientState(clientState),
      expiresAt: created.expiresAt,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    core.logger.warn(
      { tenantId: ref.tenantId, mailboxId: ref.mailboxId, err: { message } },
      'graph subscription refused',
    );
    await saveFailed(core.db, ref, message);
    return 'failed';
  }
  if (previous?.subscriptionId)
    await unsubscribeQuietly(core, target.capability, ref, previous.subscriptionId);
  return 'subscribed';
}

/** Extends a subscription; Microsoft no longer knowing it (404) means a new one. */
export async function renewSubscription(core: NotificationsCore, ref: MailboxRef): Promise<SubscribeOutcome> {
  const row = await readSubscription(core.db, ref.tenantId, ref.mailboxId);
  const target = await subscribable(core, ref);
  if (!target || !graphNotificationUrls(core.config)) return 'off';
  if (row?.status !== 'ACTIVE' || !row.subscriptionId) return subscribeMailbox(core, ref);
  const connector = { tenantId: ref.tenantId, connectorId: ref.connectorId };
  try {
    const renewed = await target.capability.renew(
      connector,
      row.subscriptionId,
      new Date(Date.now() + target.capability.maxLifetimeMs - LIFETIME_MARGIN_MS),
    );
    if (renewed === 'gone') return subscribeMailbox(core, ref);
    await saveExpiry(core.db, ref, renewed.expiresAt);
    return 'subscribed';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    core.logger.warn(
      { tenantId: ref.tenantId, mailboxId: ref.mailboxId, err: { message } },
      'graph subscription renewal failed',
    );
    return subscribeMailbox(core, ref);
  }
}

/** Deletes a subscription at Microsoft, best effort (a failure leaves it to expire there). */
export async function unsubscribeQuietly(
  core: Pick<NotificationsCore, 'logger'>,
  capability: ChangeNotificationsCapability,
  ref: MailboxRef,
  subscriptionId: string,
): Promise<void> {
  try {
    await capability.unsubscribe({ tenantId: ref.tenantId, connectorId: ref.connectorId }, subscriptionId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    core.logger.info(
      { tenantId: ref.tenantId, mailboxId: ref.mailboxId, err: { message } },
      'graph subscription not deleted',
    );
  }
}

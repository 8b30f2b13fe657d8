import { and, eq, inArray } from 'drizzle-orm';
import type { CoreConfig } from '../config/index.ts';
import { connectors, withTenant, type GraphSubscriptionRow } from '../db/index.ts';
import type { NotificationsCore } from './notifications-core.ts';
import { readSubscriptions } from './subscription-rows.ts';
import { graphNotificationUrls } from './notification-urls.ts';

/** OFF: no public URL or a back end without push; PENDING: not subscribed yet; ACTIVE; EXPIRED; FAILED. */
export type MailboxNotificationStatus = 'OFF' | 'PENDING' | 'ACTIVE' | 'EXPIRED' | 'FAILED';

export interface MailboxNotifications {
  status: MailboxNotificationStatus;
  expiresAt: Date | null;
  lastNotificationAt: Date | null;
  /** Why creation or renewal was refused (FAILED only). */
  error: string | null;
}

/** What GraphQL's Mailbox.notifications shows for a mailbox's subscription row. */
export function mailboxNotifications(
  config: CoreConfig,
  supported: boolean,
  row: GraphSubscriptionRow | undefined,
  nowMs = Date.now(),
): MailboxNotifications {
  const base = {
    expiresAt: row?.expiresAt ?? null,
    lastNotificationAt: row?.lastNotificationAt ?? null,
    error: null,
  };
  if (!graphNotificationUrls(config) || !supported) return { ...base, status: 'OFF' };
  if (!row) return { ...base, status: 'PENDING' };
  if (row.status === 'FAILED') return { ...base, status: 'FAILED', error: row.lastError };
  if (row.expiresAt === null || row.expiresAt.getTime() <= nowMs) return { ...base, status: 'EXPIRED' };
  return { ...base, status: 'ACTIVE' };
}

/** Mailbox.notifications for mailboxes of one tenant, in their order (one query each for kinds and rows). */
export async function mailboxNotificationsFor(
  core: Pick<NotificationsCore, 'db' | 'config' | 'providers'>,
  tenantId: string,
  mailboxList: ReadonlyArray<{ id: string; connectorId: string }>,
): Promise<MailboxNotifications[]> {
  const connectorIds = [...new Set(mailboxList.map((m) => m.connectorId))];
  const kinds = await withTenant(core.db, tenantId, (tx) =>
    tx
      .select({ id: connectors.id, kind: connectors.kind })
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), inArray(connectors.id, connectorIds))),
  );
  const supported = new Set(
    kinds.filter((k) => core.providers.for(k.kind).changeNotifications).map((k) => k.id),
  );
  const rows = new Map(
    (
      await readSubscriptions(
        core.db,
        tenantId,
        mailboxList.map((m) => m.id),
      )
    ).map((r) => [r.mailboxId, r]),
  );
  return mailboxList.map((m) =>
    mailboxNotifications(core.config, supported.has(m.connectorId), rows.get(m.id)),
  );
}

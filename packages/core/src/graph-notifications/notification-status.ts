import type { CoreConfig } from '../config/index.ts';
import type { GraphSubscriptionRow } from '../db/index.ts';
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

import type { MercuriusLoaders } from 'mercurius';
import { mailboxNotificationsFor, resolveTenant, type MailboxRow } from '@calsync/core';

/** Mailbox.notifications for every mailbox of a response in two tenant-scoped queries. */
export const graphNotificationLoaders: MercuriusLoaders = {
  Mailbox: {
    notifications: (queries: { obj: MailboxRow }[], { core, principal }) =>
      mailboxNotificationsFor(
        core,
        resolveTenant(principal),
        queries.map((q) => ({ id: q.obj.id, connectorId: q.obj.connectorId })),
      ),
  },
};

import type { MercuriusLoaders } from 'mercurius';
import { findConnectorsByIds, type MailboxRow } from '@calsync/core';

/** Mailbox.connector for every mailbox of a response in one tenant-scoped query. */
export const connectorLoaders: MercuriusLoaders = {
  Mailbox: {
    connector: async (queries: { obj: MailboxRow }[], { core, principal }) => {
      if (!principal.tenantId) return queries.map(() => null);
      return findConnectorsByIds(
        core.db,
        principal.tenantId,
        queries.map((q) => q.obj.connectorId),
      );
    },
  },
};

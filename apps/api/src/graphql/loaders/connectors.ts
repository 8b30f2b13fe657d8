import type { MercuriusLoaders } from 'mercurius';
import {
  findConnectorsByIds,
  listMailboxesOfConnectors,
  resolveTenant,
  type ConnectorView,
  type MailboxRow,
} from '@calsync/core';

interface PageArgs {
  first: number;
  after?: string | null;
}

/**
 * Mailbox.connector for every mailbox of a response in one tenant-scoped query; Connector.mailboxes
 * for every connector of a response in a constant number (mercurius batches per field arguments).
 */
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
  Connector: {
    mailboxes: (queries: { obj: ConnectorView; params: PageArgs }[], context) =>
      listMailboxesOfConnectors(
        context.core.db,
        resolveTenant(context.principal),
        queries.map((q) => ({ connectorId: q.obj.id, first: q.params.first, after: q.params.after })),
      ),
  },
};

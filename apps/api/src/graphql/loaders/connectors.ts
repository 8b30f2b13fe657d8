import type { MercuriusLoaders } from 'mercurius';
import {
  effectiveTimeZone,
  findConnectorsByIds,
  listMailboxesOfConnectors,
  resolveTenant,
  type ConnectorView,
  type MailboxRow,
  type MailboxTimeZone,
} from '@calsync/core';
import type { CalsyncContext } from '../context.ts';

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
    timeZone: async (queries: { obj: MailboxRow }[], context) =>
      (await mailboxTimeZones(queries, context)).map((z) => z.zone),
    timeZoneSource: async (queries: { obj: MailboxRow }[], context) =>
      (await mailboxTimeZones(queries, context)).map((z) => z.source),
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

/** Each mailbox's zone in force; the connector's default needs one batched connector read. */
async function mailboxTimeZones(
  queries: { obj: MailboxRow }[],
  { core, principal }: CalsyncContext,
): Promise<MailboxTimeZone[]> {
  const found = principal.tenantId
    ? await findConnectorsByIds(
        core.db,
        principal.tenantId,
        queries.map((q) => q.obj.connectorId),
      )
    : [];
  return queries.map((q, i) =>
    effectiveTimeZone(q.obj, { defaultTimeZone: found[i]?.defaultTimeZone ?? 'UTC' }),
  );
}

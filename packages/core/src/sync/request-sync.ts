import { and, eq, sql } from 'drizzle-orm';
import { connectors, isUuid, mailboxes, withTenant, type Database } from '../db/index.ts';
import { notFound } from '../errors/index.ts';
import type { MailboxSyncPayload, Queues } from '../jobs/index.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { connectorNotificationUpkeep } from '../graph-notifications/connector-upkeep.ts';
import type { NotificationsCore } from '../graph-notifications/notifications-core.ts';
import { enqueueMailboxSyncs, enqueueSyncRequests, type SyncRequest } from './enqueue-mailbox-syncs.ts';
import { BLOCKED_CONNECTOR_STATUSES } from './failure-transitions.ts';
import { dropDeltaState } from './mailbox-state.ts';

type SyncCore = { db: Database; queues: Queues };

export interface SyncRequestResult {
  enqueued: number;
}

/**
 * Enabled mailboxes of a connector, as sync jobs. Empty when the connector is
 * disabled or blocked (auth/consent failure): no job would reach Graph anyway.
 */
export async function listConnectorSyncJobs(
  db: Database,
  tenantId: string,
  connectorId: string,
  job: Pick<MailboxSyncPayload, 'mode' | 'trigger'>,
): Promise<SyncRequest[] | null> {
  return withTenant(db, tenantId, async (tx) => {
    const [connector] = await tx
      .select({ enabled: connectors.enabled, status: connectors.status })
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId)));
    if (!connector) return null;
    if (!connector.enabled || BLOCKED_CONNECTOR_STATUSES.includes(connector.status)) return [];
    const rows = await tx
      .select({
        id: mailboxes.id,
        // Never began a round: its first sync can go in a batch (enqueueSyncRequests).
        fresh: sql<boolean>`${mailboxes.generation} = 0 and ${mailboxes.cursor} is null
          and ${mailboxes.resumeCursor} is null`,
      })
      .from(mailboxes)
      .where(
        and(
          eq(mailboxes.tenantId, tenantId),
          eq(mailboxes.connectorId, connectorId),
          eq(mailboxes.enabled, true),
        ),
      );
    return rows.map((r) => ({ tenantId, connectorId, mailboxId: r.id, ...job, fresh: r.fresh }));
  });
}

const withoutFreshness = ({ fresh: _fresh, ...payload }: SyncRequest): MailboxSyncPayload => payload;

/**
 * connector.tick: a scheduled delta sync of every enabled mailbox of the connector, except those a healthy
 * Graph subscription keeps fresh (polled on the safety-net interval only); queues subscription upkeep.
 */
export async function enqueueConnectorTick(
  core: NotificationsCore,
  tenantId: string,
  connectorId: string,
): Promise<number> {
  const jobs =
    (await listConnectorSyncJobs(core.db, tenantId, connectorId, {
      mode: 'AUTO',
      trigger: 'SCHEDULE',
    })) ?? [];
  const poll = await connectorNotificationUpkeep(
    core,
    tenantId,
    connectorId,
    jobs.map((j) => j.mailboxId),
  );
  return enqueueSyncRequests(
    core,
    jobs.filter((j) => poll.has(j.mailboxId)),
  );
}

/**
 * `syncConnector` mutation: enqueue every enabled mailbox of the connector;
 * `full` discards their delta state first so each job runs a full sync.
 */
export async function requestConnectorSync(
  core: SyncCore,
  principal: Principal,
  connectorId: string,
  full: boolean,
): Promise<SyncRequestResult> {
  requireWriter(principal);
  const tenantId = resolveTenant(principal);
  if (!isUuid(connectorId)) throw notFound('connector');
  const jobs = await listConnectorSyncJobs(core.db, tenantId, connectorId, {
    mode: full ? 'FULL' : 'AUTO',
    trigger: 'MANUAL',
  });
  if (jobs === null) throw notFound('connector');
  if (full)
    await dropDeltaState(
      core.db,
      tenantId,
      jobs.map((j) => j.mailboxId),
    );
  return { enqueued: await enqueueMailboxSyncs(core, jobs.map(withoutFreshness)) };
}

/** `syncMailbox` mutation: one mailbox; 0 when it or its connector is disabled or blocked. */
export async function requestMailboxSync(
  core: SyncCore,
  principal: Principal,
  mailboxId: string,
  full: boolean,
): Promise<SyncRequestResult> {
  requireWriter(principal);
  const tenantId = resolveTenant(principal);
  if (!isUuid(mailboxId)) throw notFound('mailbox');
  const row = await withTenant(core.db, tenantId, async (tx) => {
    const [found] = await tx
      .select({
        connectorId: mailboxes.connectorId,
        enabled: sql<boolean>`${mailboxes.enabled} and ${connectors.enabled}`,
        status: connectors.status,
      })
      .from(mailboxes)
      .innerJoin(
        connectors,
        and(eq(connectors.tenantId, mailboxes.tenantId), eq(connectors.id, mailboxes.connectorId)),
      )
      .where(and(eq(mailboxes.tenantId, tenantId), eq(mailboxes.id, mailboxId)));
    return found;
  });
  if (!row) throw notFound('mailbox');
  if (!row.enabled || BLOCKED_CONNECTOR_STATUSES.includes(row.status)) return { enqueued: 0 };
  if (full) await dropDeltaState(core.db, tenantId, [mailboxId]);
  const enqueued = await enqueueMailboxSyncs(core, [
    { tenantId, connectorId: row.connectorId, mailboxId, mode: full ? 'FULL' : 'AUTO', trigger: 'MANUAL' },
  ]);
  return { enqueued };
}

import { and, eq } from 'drizzle-orm';
import { requireConnectorRow } from '../connectors/connector-queries.ts';
import type { Core } from '../create-core.ts';
import { connectors, withTenant } from '../db/index.ts';
import { listConnectorMailboxes } from '../mailboxes/mailbox-repository.ts';
import { requireWriter, resolveTenant, type Principal } from '../tenancy/index.ts';
import { notificationsCheck } from '../graph-notifications/notifications-check.ts';
import { deriveStatus } from './derive-status.ts';
import type { ConnectorDiagnostics } from './diagnostic-types.ts';

type DiagnosticsCore = Pick<Core, 'db' | 'providers' | 'logger' | 'config'>;

/**
 * Runs the connector's provider checks and stores them (lastDiagnostics, lastCheckedAt, status
 * unless the connector is disabled). Used by testConnector and the connector.check job.
 */
export async function checkConnector(
  core: DiagnosticsCore,
  tenantId: string,
  connectorId: string,
  options: { budgetMs?: number | undefined } = {},
): Promise<ConnectorDiagnostics> {
  const { row, addresses } = await withTenant(core.db, tenantId, async (tx) => ({
    row: await requireConnectorRow(tx, tenantId, connectorId),
    addresses: (await listConnectorMailboxes(tx, tenantId, connectorId))
      .filter((m) => m.enabled)
      .map((m) => m.address),
  }));
  const { diagnostics, evidence, credentialVersion } = await core.providers.for(row.kind).diagnostics.run(
    {
      tenantId,
      connectorId,
      credentialKind: row.credentialKind,
      credentialExpiresAt: row.credentialExpiresAt,
      addresses,
    },
    { budgetMs: options.budgetMs },
  );
  diagnostics.checks.push(await notificationsCheck(core, tenantId, connectorId, row.kind));
  const derived = deriveStatus(diagnostics.checks, evidence);
  await withTenant(core.db, tenantId, async (tx) => {
    const [current] = await tx
      .select({ enabled: connectors.enabled, version: connectors.credentialVersion })
      .from(connectors)
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId)));
    // Deleted meanwhile, or the credential rotated during the check: these results are stale.
    if (!current || current.version !== credentialVersion) return;
    await tx
      .update(connectors)
      .set({
        lastDiagnostics: diagnostics,
        lastCheckedAt: new Date(diagnostics.checkedAt),
        ...(!current.enabled
          ? {}
          : derived.status === null
            ? { statusDetail: derived.detail }
            : { status: derived.status, statusDetail: derived.detail }),
      })
      .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, connectorId)));
  });
  core.logger.info(
    {
      tenantId,
      connectorId,
      status: derived.status ?? 'unchanged',
      failed: diagnostics.checks.filter((c) => c.status === 'FAIL').length,
    },
    'connector checked',
  );
  return diagnostics;
}

/** testConnector: ADMIN only (it calls the back end with the tenant's credential). */
export async function testConnector(
  core: DiagnosticsCore,
  principal: Principal,
  connectorId: string,
): Promise<ConnectorDiagnostics> {
  const tenantId = resolveTenant(principal);
  requireWriter(principal);
  return checkConnector(core, tenantId, connectorId);
}

// Exchange Online RBAC for Applications through the real worker (docs/microsoft-graph.md §9.2): the app has no
// Graph permission, so its token carries no roles; Exchange grants it one mailbox. That mailbox syncs exactly,
// the other is refused on its own, and the connector is never called CONSENT_REQUIRED by the sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueConnectorTick } from '@calsync/core';
import { seedConnector, type SeededConnector } from './support/calsync-db.ts';
import { startSyncSuite, type SyncSuite } from './support/sync-suite.ts';
import { waitFor } from './support/worker-process.ts';

let suite: SyncSuite;
let seeded: SeededConnector;
let inScope: { emuId: string; address: string };
let outOfScope: { emuId: string; address: string };

beforeAll(async () => {
  suite = await startSyncSuite(6);
  const c = suite.env.emu.control;
  const summary = suite.env.emu.state.seedSummary!;
  const usable = (await c.listMailboxes(summary.tenantId)).filter((m) => m.restEnabled);
  inScope = { emuId: usable[0]!.id, address: usable[0]!.address };
  outOfScope = { emuId: usable[1]!.id, address: usable[1]!.address };
  const app = await c.createApp({ tenantId: summary.tenantId, displayName: 'room display', roles: [] });
  const secret = await c.addSecret(app.clientId);
  await c.addExchangeRoleAssignment(app.clientId, {
    role: 'Application Calendars.Read',
    scope: { type: 'CustomRecipientScope', name: 'Displays', members: [inScope.address] },
  });
  seeded = await seedConnector(suite.database.adminUrl, suite.core.secretBox, {
    slug: 'rbac',
    azureTenantId: summary.tenantId,
    clientId: app.clientId,
    clientSecret: secret.value,
    addresses: [inScope.address, outOfScope.address],
  });
  suite.startWorker({ pageSize: 25 });
});
afterAll(() => suite?.close());

describe('a connector granted through RBAC for Applications, synced by the worker', () => {
  it('syncs the in-scope mailbox exactly, refuses the other alone, and keeps the connector out of CONSENT_REQUIRED', async () => {
    await enqueueConnectorTick(suite.core, seeded.tenantId, seeded.connectorId);
    const inScopeId = seeded.mailboxIds.get(inScope.address)!;
    const outOfScopeId = seeded.mailboxIds.get(outOfScope.address)!;
    await suite.waitForSynced([inScopeId]);
    expect(await suite.expectExact({ emuId: inScope.emuId, mailboxId: inScopeId })).toBeGreaterThan(0);

    await waitFor(
      async () => (await suite.admin.mailbox(outOfScopeId)).syncStatus === 'ERROR',
      60_000,
      'the out-of-scope mailbox to fail',
    );
    expect((await suite.admin.mailbox(outOfScopeId)).lastError).toMatch(/Access is denied/);
    expect(await suite.admin.eventCount(outOfScopeId)).toEqual({ rows: 0, distinctSourceIds: 0 });
    const connector = await suite.admin.pool.query('select status from connectors where id = $1', [
      seeded.connectorId,
    ]);
    expect(connector.rows[0].status).not.toBe('CONSENT_REQUIRED');
    expect(connector.rows[0].status).not.toBe('AUTH_FAILED');
  });
});

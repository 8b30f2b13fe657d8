// Token errors seen in the field (docs/microsoft-graph.md §9.9), through the real worker: a connector whose app
// is blocked by Conditional Access (AADSTS53003) or has no service principal in the tenant (AADSTS7000229)
// becomes AUTH_FAILED with Microsoft's code and a remedy, and later ticks stop calling the token endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueConnectorTick } from '@calsync/core';
import { seedConnector, type SeededConnector } from './support/calsync-db.ts';
import { startSyncSuite, type SyncSuite } from './support/sync-suite.ts';
import { waitFor } from './support/worker-process.ts';

let suite: SyncSuite;
const connectors: Array<{ label: string; code: string; clientId: string; seeded: SeededConnector }> = [];

beforeAll(async () => {
  suite = await startSyncSuite(8);
  const c = suite.env.emu.control;
  const summary = suite.env.emu.state.seedSummary!;
  const address = (await c.listMailboxes(summary.tenantId)).find((m) => m.restEnabled)!.address;
  const cases = [
    { label: 'conditional access', code: 'AADSTS53003', app: { blockedByConditionalAccess: true } },
    { label: 'no service principal', code: 'AADSTS7000229', app: { hasServicePrincipal: false } },
  ];
  for (const [i, k] of cases.entries()) {
    const app = await c.createApp({
      tenantId: summary.tenantId,
      displayName: k.label,
      roles: ['Calendars.Read'],
      ...k.app,
    });
    const secret = await c.addSecret(app.clientId);
    const seeded = await seedConnector(suite.database.adminUrl, suite.core.secretBox, {
      slug: `token-${i}`,
      azureTenantId: summary.tenantId,
      clientId: app.clientId,
      clientSecret: secret.value,
      addresses: [address],
    });
    connectors.push({ label: k.label, code: k.code, clientId: app.clientId, seeded });
  }
  suite.startWorker({ pageSize: 25 });
});
afterAll(() => suite?.close());

const connectorRow = async (id: string) =>
  (await suite.admin.pool.query('select status, status_detail from connectors where id = $1', [id])).rows[0];
const tokenCalls = async (clientId: string) =>
  (await suite.env.emu.control.requests({ route: 'token', appId: clientId })).length;

describe('field token errors through the worker', () => {
  it('each connector ends AUTH_FAILED naming the AADSTS code, and a later tick asks for no token', async () => {
    for (const k of connectors)
      await enqueueConnectorTick(suite.core, k.seeded.tenantId, k.seeded.connectorId);
    for (const k of connectors) {
      await waitFor(
        async () => (await connectorRow(k.seeded.connectorId)).status === 'AUTH_FAILED',
        60_000,
        `${k.label} to be AUTH_FAILED`,
      );
      expect((await connectorRow(k.seeded.connectorId)).status_detail).toContain(k.code);
    }
    const before = await Promise.all(connectors.map((k) => tokenCalls(k.clientId)));
    expect(before.every((n) => n >= 1)).toBe(true);
    for (const k of connectors)
      await enqueueConnectorTick(suite.core, k.seeded.tenantId, k.seeded.connectorId);
    await suite.waitForSynced([]);
    expect(await Promise.all(connectors.map((k) => tokenCalls(k.clientId)))).toEqual(before);
  });
});

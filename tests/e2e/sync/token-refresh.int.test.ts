// A 401 from Graph mid-sync (a long sync outliving its 1 h token, docs/microsoft-graph.md §3.5/§4) gets one fresh
// token and one retry; only a second 401 marks the connector AUTH_FAILED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from './support/engine-harness.ts';
import { createMailboxSyncer, type Core, type SyncMode } from '@calsync/core';
import { type AdminReader, type SeededConnector } from './support/calsync-db.ts';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';

let harness: EngineHarness;
let env: TrustedEmulator;
let core: Core;
let admin: AdminReader;
let seeded: SeededConnector;
let address: string;

beforeAll(async () => {
  harness = await startEngineHarness({
    addresses: (all) => [all.find((m) => m.restEnabled)!.address.toLowerCase()],
  });
  address = [...harness.seeded.mailboxIds.keys()][0]!;
  ({ env, core, admin, seeded } = harness);
});
afterAll(() => harness?.close());

function sync(mode: SyncMode) {
  return createMailboxSyncer(core, { pageSize: 5 })({
    tenantId: seeded.tenantId,
    mailboxId: seeded.mailboxIds.get(address)!,
    mode,
    trigger: 'MANUAL',
  });
}

async function connectorStatus(): Promise<string> {
  const res = await admin.pool.query<{ status: string }>('select status from connectors where id = $1', [
    seeded.connectorId,
  ]);
  return res.rows[0]!.status;
}

const tokenRequests = async () => (await env.emu.control.requests({ route: 'token' })).length;

const expiredToken = {
  type: 'status',
  status: 401,
  code: 'InvalidAuthenticationToken',
  message: 'Access token has expired or is not yet valid.',
  route: 'delta',
} as const;

describe('401 from Graph mid-sync', () => {
  it('one 401 on a delta page: one fresh token, the page is retried, the sync succeeds', async () => {
    expect(await sync('FULL')).toMatchObject({ status: 'succeeded' });
    const before = await tokenRequests();
    await env.emu.control.addFault({ ...expiredToken, mailbox: address, count: 1 });
    const result = await sync('FULL');
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    expect((await tokenRequests()) - before).toBe(1);
    expect(await connectorStatus()).toBe('HEALTHY');
    const state = await admin.mailbox(seeded.mailboxIds.get(address)!);
    expect(state).toMatchObject({ syncStatus: 'OK', lastError: null });
  });

  it('a token that really expired during the sync is replaced and the delta round succeeds', async () => {
    // msal (real clock) still serves its cached token; the emulator's clock says it expired an hour ago.
    await env.emu.control.advanceClock(3_700_000);
    const before = await tokenRequests();
    const result = await sync('AUTO');
    expect(result).toMatchObject({ status: 'succeeded', kind: 'DELTA' });
    expect((await tokenRequests()) - before).toBe(1);
    expect(await connectorStatus()).toBe('HEALTHY');
  });

  it('a second 401 after the fresh token still marks the connector AUTH_FAILED', async () => {
    const before = await tokenRequests();
    await env.emu.control.addFault({ ...expiredToken, mailbox: address, count: 2 });
    const result = await sync('AUTO');
    expect(result).toMatchObject({
      status: 'failed',
      failure: { kind: 'auth', code: 'InvalidAuthenticationToken' },
      transition: { connectorStatus: 'AUTH_FAILED' },
    });
    expect((await tokenRequests()) - before).toBe(1);
    expect(await connectorStatus()).toBe('AUTH_FAILED');
  });
});

// Subscription.syncRunChanged end to end: the real sync engine (in-process, against the Microsoft 365
// emulator over HTTPS) opens and closes runs, the API delivers them over graphql-transport-ws through
// the run's Redis, to the run's tenant only and to a display token only for its own mailboxes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrustedEmulator, type TrustedEmulator } from '@calsync/graph-emulator/testing';
import { announceSyncRun, createMailboxSyncer, type SyncRunRow } from '@calsync/core';
import { seedConnector, type SeededConnector } from '../sync/support/calsync-db.ts';
import { emulatorEndpoints } from '../../support/test-core.ts';
import {
  connectGraphqlWs as connect,
  subscribeOrRefusal,
  type GraphqlWsClient,
} from '../../support/graphql-ws-client.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

const RUNS = `subscription($connectorId: ID, $ids: [ID!]) {
  syncRunChanged(connectorId: $connectorId, mailboxIds: $ids) {
    id connectorId mailboxId kind trigger status startedAt finishedAt pages upserted deleted errorCode errorMessage
  }
}`;
const BOARD_RUNS = `subscription($ids: [ID!]) { syncRunChanged(mailboxIds: $ids) { id mailboxId status upserted } }`;

let env: TrustedEmulator;
let api: TestApi;
let url: string;
let a: { tenantId: string; adminKey: string };
let b: { tenantId: string; adminKey: string };
let seeded: SeededConnector;
let room1: string;
let room2: string;
const sockets: GraphqlWsClient[] = [];

beforeAll(async () => {
  env = await startTrustedEmulator();
  api = await startTestApi({
    core: emulatorEndpoints(env.emu.url),
    coreOptions: { msalNetworkClient: env.msalNetworkClient, graphFetch: env.fetch },
  });
  a = await createTenantViaApi(api, 'runs-a');
  b = await createTenantViaApi(api, 'runs-b');
  const summary = env.emu.state.seedSummary!;
  const rooms = (await env.emu.control.listMailboxes(summary.tenantId)).filter(
    (m) => m.kind === 'room' && m.restEnabled,
  );
  seeded = await seedConnector(api.database.adminUrl, api.core.secretBox, {
    slug: 'runs-a',
    tenantId: a.tenantId,
    azureTenantId: summary.tenantId,
    clientId: summary.clientId,
    clientSecret: summary.clientSecret,
    addresses: rooms.slice(0, 2).map((m) => m.address),
  });
  [room1, room2] = [...seeded.mailboxIds.values()] as [string, string];
  url = `${(await api.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/graphql`;
});

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await api?.close();
  await env?.stop();
});

async function open(key: string): Promise<GraphqlWsClient> {
  const socket = await connect(url, { authorization: `Bearer ${key}` });
  sockets.push(socket);
  await socket.next((m) => m.type === 'connection_ack');
  return socket;
}

function subscribe(socket: GraphqlWsClient, id: string, query: string, variables: Record<string, unknown>) {
  socket.send({ id, type: 'subscribe', payload: { query, variables } });
}

const runs = (socket: GraphqlWsClient, id: string) =>
  socket.messages.filter((m) => m.id === id && m.type === 'next').map((m) => m.payload.data.syncRunChanged);

/**
 * Announces a made-up run on the tenant's channel until the subscription `id` delivers it: from then
 * on the subscription is live on the server, without guessing how long that takes.
 */
async function untilLive(
  socket: GraphqlWsClient,
  id: string,
  tenantId: string,
  run: Pick<SyncRunRow, 'connectorId' | 'mailboxId'>,
): Promise<string> {
  const probe: SyncRunRow = {
    tenantId,
    id: randomUUID(),
    kind: 'DELTA',
    trigger: 'SCHEDULE',
    status: 'SUCCEEDED',
    queuedAt: new Date(),
    startedAt: new Date(),
    finishedAt: new Date(),
    pages: 0,
    upserted: 0,
    deleted: 0,
    graphRequests: 0,
    throttled: 0,
    errorCode: null,
    errorMessage: null,
    ...run,
  };
  const heard = socket.next((m) => m.id === id && m.payload?.data?.syncRunChanged?.id === probe.id, 15_000);
  const feed = { redis: api.core.redis, keyPrefix: api.core.queuePrefix };
  const repeat = setInterval(() => announceSyncRun(feed, probe), 200);
  announceSyncRun(feed, probe);
  try {
    await heard;
  } finally {
    clearInterval(repeat);
  }
  return probe.id;
}

const sync = (mailboxId: string) =>
  createMailboxSyncer(api.core)({ tenantId: a.tenantId, mailboxId, mode: 'FULL', trigger: 'MANUAL' });

describe('Subscription.syncRunChanged', () => {
  it("delivers a run as it opens and as it ends, as recorded, to its own tenant's subscribers only", async () => {
    const [ours, theirs] = [await open(a.adminKey), await open(b.adminKey)];
    subscribe(ours, 'runs', RUNS, { connectorId: seeded.connectorId });
    // B names A's mailbox on purpose: a filter must not open a way into A's runs.
    subscribe(theirs, 'runs', RUNS, { ids: [room1] });
    const ourProbe = await untilLive(ours, 'runs', a.tenantId, {
      connectorId: seeded.connectorId,
      mailboxId: room1,
    });
    const theirProbe = await untilLive(theirs, 'runs', b.tenantId, {
      connectorId: seeded.connectorId,
      mailboxId: room1,
    });

    const result = await sync(room1);
    expect(result).toMatchObject({ status: 'succeeded', kind: 'FULL' });
    if (result.status !== 'succeeded') return;
    const finished = await ours.next(
      (m) =>
        m.id === 'runs' &&
        m.payload?.data?.syncRunChanged?.status === 'SUCCEEDED' &&
        m.payload.data.syncRunChanged.id === result.runId,
      15_000,
    );

    // Opened, then ended: the same run, announced twice in that order, nothing else of it.
    const heard = runs(ours, 'runs').filter((r) => r.id !== ourProbe);
    expect(heard.map((r) => [r.id, r.status])).toEqual([
      [result.runId, 'RUNNING'],
      [result.runId, 'SUCCEEDED'],
    ]);
    expect(heard[0]).toMatchObject({
      mailboxId: room1,
      connectorId: seeded.connectorId,
      kind: 'FULL',
      trigger: 'MANUAL',
      finishedAt: null,
      pages: 0,
    });
    expect(finished.payload.data.syncRunChanged).toMatchObject({
      pages: result.stats.pages,
      upserted: result.stats.upserted,
    });
    expect(result.stats.upserted).toBeGreaterThan(0);
    // What was pushed is what the syncRuns query reads.
    const { body } = await api.graphql(
      a.adminKey,
      `query($id: ID) { syncRuns(mailboxId: $id) { nodes { id connectorId mailboxId kind trigger status startedAt finishedAt pages upserted deleted errorCode errorMessage } } }`,
      { id: room1 },
    );
    expect(body.data.syncRuns.nodes[0]).toEqual(finished.payload.data.syncRunChanged);

    // Tenant B heard its own probe and nothing of A's run.
    expect(runs(theirs, 'runs').map((r) => r.id)).toEqual([theirProbe]);
  });

  it('a display token hears only its own mailboxes, and may not read connector or error fields', async () => {
    const { body } = await api.graphql(
      a.adminKey,
      `mutation($input: CreateDisplayTokenInput!) { createDisplayToken(input: $input) { secret } }`,
      { input: { name: 'lobby board', mailboxIds: [room1] } },
    );
    const board = await open(body.data.createDisplayToken.secret);

    const refusedField = await subscribeOrRefusal(board, 'errors', RUNS, {});
    expect(refusedField.extensions.code).toBe('FORBIDDEN');
    const refusedMailbox = await subscribeOrRefusal(board, 'other', BOARD_RUNS, { ids: [room2] });
    expect(refusedMailbox.extensions.code).toBe('FORBIDDEN');

    subscribe(board, 'runs', BOARD_RUNS, {});
    const probe = await untilLive(board, 'runs', a.tenantId, {
      connectorId: seeded.connectorId,
      mailboxId: room1,
    });
    // room2's run is announced first on the same channel: had it been let through, it would be here.
    const other = await sync(room2);
    const own = await sync(room1);
    expect([other.status, own.status]).toEqual(['succeeded', 'succeeded']);
    await board.next(
      (m) =>
        m.id === 'runs' &&
        m.payload?.data?.syncRunChanged?.status === 'SUCCEEDED' &&
        m.payload.data.syncRunChanged.id !== probe,
      15_000,
    );
    const heard = runs(board, 'runs').filter((r) => r.id !== probe);
    expect(heard.map((r) => [r.mailboxId, r.status])).toEqual([
      [room1, 'RUNNING'],
      [room1, 'SUCCEEDED'],
    ]);
  });
});

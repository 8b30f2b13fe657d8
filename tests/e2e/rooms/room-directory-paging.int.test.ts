import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRoomDirectory } from '@calsync/core';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  startConnectorEnv,
  type ConnectorEnv,
  type Directory,
} from '../connectors/connector-env.ts';

// docs/microsoft-graph.md §9.1: /places answers at most 100 items and no nextLink (the emulator's
// default). The room directory job must still read every room and every member of a long room list.
const ROOMS = 250;
let env: ConnectorEnv;
let key: string;
let dir: Directory;
let connector: string;
const list = () => `tower@${dir.domain}`;

beforeAll(async () => {
  env = await startConnectorEnv();
  key = await createTenantKey(env, 'roompages');
  dir = await createDirectory(env, 'roompages');
  env.emu.state.directory.createRoomList({ tenantId: dir.tenantId, address: list(), displayName: 'Tower' });
  for (let i = 0; i < ROOMS; i++)
    env.emu.state.directory.createMailbox({
      tenantId: dir.tenantId,
      address: `tower-${String(i).padStart(3, '0')}@${dir.domain}`,
      displayName: `Tower ${i}`,
      kind: 'room',
      room: { capacity: 4 + (i % 10), building: 'Tower', roomListAddress: list() },
    });
  connector = await createSecretConnector(env, key, dir, { autoAddRoomsFrom: [list()] });
});
afterAll(() => env.close());

describe('room directory beyond 100 rooms', () => {
  it('pages rooms and a room list’s members with $top/$skip and adds all of them', async () => {
    const viewer = await env.graphql(key, `{ viewer { tenant { id } } }`);
    await env.emu.control.clearRequests();
    const report = await refreshRoomDirectory(env.core, viewer.data.viewer.tenant.id, connector);
    expect(report).toMatchObject({ ok: true, rooms: ROOMS, roomLists: 1, disabled: [] });
    expect(report.added).toHaveLength(ROOMS);

    const skips = (await env.emu.control.requests({ route: 'places' }))
      .map((r) => new URL(r.url, env.emu.url))
      .filter((u) => u.pathname.endsWith('/microsoft.graph.roomlist/rooms'))
      .map((u) => u.searchParams.get('$skip'));
    expect(skips).toEqual(['0', '100', '200']);

    const lists = await env.graphql(
      key,
      `query($c: ID!) { roomLists(connectorId: $c) { address roomCount } }`,
      {
        c: connector,
      },
    );
    expect(lists.data.roomLists).toEqual([{ address: list(), roomCount: ROOMS }]);
    const rooms = await env.graphql(
      key,
      `{ mailboxes(filter: { kind: ROOM, roomList: "${list()}" }, first: 1) { totalCount } }`,
    );
    expect(rooms.data.mailboxes.totalCount).toBe(ROOMS);
  });
});

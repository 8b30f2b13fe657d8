import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  startConnectorEnv,
  type ConnectorEnv,
  type Directory,
} from './connector-env.ts';

// Field report: /places/microsoft.graph.room sends no nextLink (the emulator's default); a tenant
// with 1,500 rooms must still be discovered completely.
const ROOMS = 1_500;

let env: ConnectorEnv;
let key: string;
let dir: Directory;
let connector: string;
beforeAll(async () => {
  env = await startConnectorEnv();
  key = await createTenantKey(env, 'rooms');
  dir = await createDirectory(env, 'manyrooms');
  for (let i = 0; i < ROOMS; i++) {
    env.emu.state.directory.createMailbox({
      tenantId: dir.tenantId,
      address: `Room-${String(i).padStart(4, '0')}@${dir.domain}`,
      displayName: `Room ${i}`,
      kind: 'room',
    });
  }
  connector = await createSecretConnector(env, key, dir);
});
afterAll(() => env.close());

describe('room discovery beyond 100 rooms', () => {
  it('finds all 1,500 rooms by paging with $top/$skip/$count, never relying on a nextLink', async () => {
    const res = await env.graphql(
      key,
      `mutation($id: ID!) { discoverRooms(connectorId: $id) { address kind } }`,
      { id: connector },
    );
    expect(res.errors).toBeUndefined();
    const rooms: Array<{ address: string; kind: string }> = res.data.discoverRooms;
    expect(rooms).toHaveLength(ROOMS);
    expect(new Set(rooms.map((r) => r.address)).size).toBe(ROOMS);
    expect(rooms.every((r) => r.kind === 'ROOM' && r.address === r.address.toLowerCase())).toBe(true);

    const places = await env.emu.control.requests({ route: 'places' });
    expect(places).toHaveLength(ROOMS / 100);
    expect(places.map((p) => new URL(p.url, env.emu.url).searchParams.get('$skip'))).toEqual(
      Array.from({ length: ROOMS / 100 }, (_, i) => String(i * 100)),
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDatabase, enqueueRoomDirectoryIfDue, refreshRoomDirectory } from '@calsync/core';
import {
  createDirectory,
  createSecretConnector,
  createTenantKey,
  startConnectorEnv,
  type ConnectorEnv,
  type Directory,
} from '../connectors/connector-env.ts';

// docs/rooms.md: the room directory job stores /places metadata per mailbox, adds rooms of tracked
// room lists, and disables (never deletes) rooms that leave the directory.
let env: ConnectorEnv;
let key: string;
let dir: Directory;
let connector: string;

const ROOM_FIELDS = `capacity building floorNumber floorLabel roomLists bookingType isWheelChairAccessible
  audioDeviceName videoDeviceName displayDeviceName tags nickname label geoCoordinates { latitude longitude } missingSince`;

const addRoom = (local: string, list: string, room: Record<string, unknown>) =>
  env.emu.state.directory.createMailbox({
    tenantId: dir.tenantId,
    address: `${local}@${dir.domain}`,
    displayName: `Room ${local}`,
    kind: 'room',
    room: { roomListAddress: `${list}@${dir.domain}`, ...room },
  });

beforeAll(async () => {
  env = await startConnectorEnv();
  key = await createTenantKey(env, 'roomdir');
  dir = await createDirectory(env, 'roomdir');
  for (const list of ['north', 'south'])
    env.emu.state.directory.createRoomList({
      tenantId: dir.tenantId,
      address: `${list}@${dir.domain}`,
      displayName: `${list} wing`,
    });
  addRoom('n1', 'north', {
    capacity: 12,
    building: 'HQ',
    floorNumber: 3,
    floorLabel: 'Third',
    bookingType: 'standard',
    isWheelChairAccessible: true,
    audioDeviceName: 'Jabra',
    videoDeviceName: 'Rally',
    displayDeviceName: 'Surface Hub',
    tags: ['whiteboard', 'window'],
    nickname: 'North One',
    label: '3.01',
    geoCoordinates: { latitude: 52.5, longitude: 13.4 },
  });
  addRoom('n2', 'north', { capacity: 4, building: 'HQ', bookingType: 'reserved', tags: [] });
  addRoom('s1', 'south', { capacity: 8, building: 'Annex', tags: ['quiet'] });
  connector = await createSecretConnector(env, key, dir, {
    autoAddRoomsFrom: [`NORTH@${dir.domain}`],
    mailboxes: [`s1@${dir.domain}`],
  });
});
afterAll(() => env.close());

const rooms = async (filter: Record<string, unknown> = { kind: 'ROOM' }) => {
  const res = await env.graphql(
    key,
    `query($f: MailboxFilter) { mailboxes(filter: $f, first: 100) { totalCount nodes { address enabled kind room { ${ROOM_FIELDS} } } } }`,
    { f: filter },
  );
  expect(res.errors).toBeUndefined();
  return res.data.mailboxes.nodes as Array<{ address: string; enabled: boolean; kind: string; room: any }>;
};
const refresh = () => refreshRoomDirectory(env.core, readTenant(), connector);
let tenantId = '';
const readTenant = () => tenantId;

describe('room directory job', () => {
  it('stores every room property, adds the tracked list’s rooms and describes the hand-added one', async () => {
    const viewer = await env.graphql(key, `{ viewer { tenant { id } } }`);
    tenantId = viewer.data.viewer.tenant.id;
    const report = await refresh();
    expect(report).toMatchObject({ ok: true, rooms: 3, roomLists: 2, disabled: [], restored: [] });
    expect(report.added).toEqual([`n1@${dir.domain}`, `n2@${dir.domain}`]);

    const all = await rooms();
    expect(all.map((r) => r.address)).toEqual([`n1@${dir.domain}`, `n2@${dir.domain}`, `s1@${dir.domain}`]);
    expect(all.find((r) => r.address.startsWith('n1'))?.room).toEqual({
      capacity: 12,
      building: 'HQ',
      floorNumber: 3,
      floorLabel: 'Third',
      roomLists: [`north@${dir.domain}`],
      bookingType: 'STANDARD',
      isWheelChairAccessible: true,
      audioDeviceName: 'Jabra',
      videoDeviceName: 'Rally',
      displayDeviceName: 'Surface Hub',
      tags: ['whiteboard', 'window'],
      nickname: 'North One',
      label: '3.01',
      geoCoordinates: { latitude: 52.5, longitude: 13.4 },
      missingSince: null,
    });
    expect(all.find((r) => r.address.startsWith('n2'))?.room.bookingType).toBe('RESERVED');
    expect(all.find((r) => r.address.startsWith('s1'))?.room.roomLists).toEqual([`south@${dir.domain}`]);

    const lists = await env.graphql(
      key,
      `query($c: ID!) { roomLists(connectorId: $c) { address displayName roomCount } }`,
      {
        c: connector,
      },
    );
    expect(lists.data.roomLists).toEqual([
      { address: `north@${dir.domain}`, displayName: 'north wing', roomCount: 2 },
      { address: `south@${dir.domain}`, displayName: 'south wing', roomCount: 1 },
    ]);
  });

  it('filters mailboxes by building, capacity, room list and tag', async () => {
    const names = async (filter: Record<string, unknown>) =>
      (await rooms(filter)).map((r) => r.address.split('@')[0]);
    expect(await names({ building: 'hq' })).toEqual(['n1', 'n2']);
    expect(await names({ minCapacity: 8 })).toEqual(['n1', 's1']);
    expect(await names({ roomList: `SOUTH@${dir.domain}` })).toEqual(['s1']);
    expect(await names({ tag: 'Whiteboard', kind: 'ROOM' })).toEqual(['n1']);
    expect(await names({ kind: 'USER' })).toEqual([]);
    const bad = await env.graphql(key, `{ mailboxes(filter: { minCapacity: -1 }) { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('adds a room that joins a tracked list, disables one that leaves the directory and restores it', async () => {
    addRoom('n3', 'north', { capacity: 6, building: 'HQ' });
    env.emu.state.directory.deleteMailbox(`s1@${dir.domain}`);
    const report = await refresh();
    expect(report.added).toEqual([`n3@${dir.domain}`]);
    expect(report.disabled).toEqual([`s1@${dir.domain}`]);
    const s1 = (await rooms()).find((r) => r.address.startsWith('s1'));
    expect(s1?.enabled).toBe(false);
    expect(s1?.room.missingSince).not.toBeNull();

    addRoom('s1', 'south', { capacity: 8, building: 'Annex' });
    const again = await refresh();
    expect(again.restored).toEqual([`s1@${dir.domain}`]);
    expect(again.disabled).toEqual([]);
    expect((await rooms()).every((r) => r.enabled && r.room.missingSince === null)).toBe(true);

    const status = await env.graphql(
      key,
      `query($id: ID!) { connector(id: $id) { autoAddRoomsFrom roomDirectoryIntervalHours roomDirectory { ok rooms restored detail } } }`,
      { id: connector },
    );
    expect(status.data.connector).toEqual({
      autoAddRoomsFrom: [`north@${dir.domain}`],
      roomDirectoryIntervalHours: 24,
      roomDirectory: { ok: true, rooms: 4, restored: [`s1@${dir.domain}`], detail: null },
    });
  });

  it('records a directory it cannot read and changes nothing', async () => {
    await env.emu.control.addFault({
      route: 'places',
      type: 'status',
      status: 403,
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    });
    const report = await refresh();
    expect(report.ok).toBe(false);
    expect(report.detail).toContain('Place.Read.All');
    expect(report.disabled).toEqual([]);
    expect((await rooms()).every((r) => r.enabled)).toBe(true);
  });

  it('rejects bad connector settings with typed errors', async () => {
    const res = await env.graphql(
      key,
      `mutation($id: ID!) { updateConnector(id: $id, input: { autoAddRoomsFrom: ["not an address"], roomDirectoryIntervalHours: 0 }) { id } }`,
      { id: connector },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const refreshRes = await env.graphql(
      key,
      `mutation($id: ID!) { refreshRoomDirectory(connectorId: $id) { id } }`,
      {
        id: connector,
      },
    );
    expect(refreshRes.data.refreshRoomDirectory.id).toBe(connector);
  });
});

describe('room directory schedule', () => {
  const due = (id: string) => enqueueRoomDirectoryIfDue(env.core, tenantId, id);
  const pending = async (id: string) =>
    (await env.core.queues.directory.getJobs(['waiting', 'delayed', 'prioritized', 'active'])).filter(
      (job) => job.data.connectorId === id,
    );
  /** The last run as if it finished `hours` ago. */
  const lastRunHoursAgo = async (hours: number) => {
    const owner = createDatabase(env.database.adminUrl, { max: 1 });
    try {
      await owner.db.execute(sql`update connectors
        set room_directory_refreshed_at = now() - make_interval(hours => ${hours}) where id = ${connector}::uuid`);
    } finally {
      await owner.close();
    }
  };

  it('queues the job once the configured interval has passed since the last run, once per connector', async () => {
    // Jobs left by earlier tests (creation, refreshRoomDirectory) would absorb the ones queued here.
    await env.core.queues.directory.obliterate({ force: true });
    expect(await due(connector)).toBe(false); // the earlier tests' runs just finished; daily by default

    const set = await env.graphql(
      key,
      `mutation($id: ID!) { updateConnector(id: $id, input: { roomDirectoryIntervalHours: 2 }) { roomDirectoryIntervalHours } }`,
      { id: connector },
    );
    expect(set.data.updateConnector.roomDirectoryIntervalHours).toBe(2);
    await lastRunHoursAgo(1);
    expect(await due(connector)).toBe(false);
    expect(await pending(connector)).toEqual([]);

    await lastRunHoursAgo(3);
    expect(await due(connector)).toBe(true);
    expect(await due(connector)).toBe(true); // deduplicated per connector: still one job
    const jobs = await pending(connector);
    expect(jobs.map((job) => [job.name, job.data.trigger])).toEqual([['room-directory.refresh', 'SCHEDULE']]);
  });

  it('leaves a connector with no room and no tracked room list alone', async () => {
    const roomless = await createSecretConnector(env, key, await createDirectory(env, 'roomless'));
    expect(await due(roomless)).toBe(false);
    expect(await pending(roomless)).toEqual([]);
  });
});

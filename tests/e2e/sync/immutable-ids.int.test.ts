// Stable ids through the API, the real worker and the emulator (docs/microsoft-graph.md §9.7): a mailbox
// an older calsync synced with regular Graph ids switches to immutable ids in one full round, re-keying
// its rows (same calsync ids, no duplicates), and afterwards an event moved between folders keeps its row.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedEmulator } from '@calsync/graph-emulator/testing';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { createTenantViaApi, type TestApi } from '../../support/test-api.ts';
import { waitFor } from './support/worker-process.ts';

let stack: FullStack;
let emulator: TrustedEmulator;
let api: TestApi;
let key: string;

const ADDRESS = 'ids-room@contoso.com';
const at = (offset: number, hour: number) => {
  const t = new Date(Date.now() + offset * 86_400_000);
  t.setUTCHours(hour, 0, 0, 0);
  return { dateTime: t.toISOString().slice(0, 19), timeZone: 'UTC' };
};

const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
  const res = await api.graphql<T>(key, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
};

interface Row {
  id: string;
  subject: string;
  start: string;
}
/** Every row of the mailbox as the API serves it, in a stable order. */
const events = async (): Promise<Row[]> => {
  const data = await gql(
    `query($a: [String!], $s: DateTime!, $e: DateTime!) { events(addresses: $a, start: $s, end: $e) {
      nodes { id subject start } } }`,
    {
      a: [ADDRESS],
      s: new Date(Date.now() - 86_400_000).toISOString(),
      e: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    },
  );
  return (data.events.nodes as Row[]).sort((a, b) =>
    `${a.start}${a.subject}`.localeCompare(`${b.start}${b.subject}`),
  );
};

async function sync(connectorId: string): Promise<void> {
  const since = new Date().toISOString();
  await gql(`mutation($id: ID!) { syncConnector(id: $id) { enqueued } }`, { id: connectorId });
  await waitFor(
    async () => {
      const m = (
        await gql(`query($a: String!) { mailbox(address: $a) { syncStatus lastSyncedAt lastError } }`, {
          a: ADDRESS,
        })
      ).mailbox;
      if (m.syncStatus === 'ERROR') throw new Error(`sync failed: ${m.lastError}`);
      return m.syncStatus === 'OK' && m.lastSyncedAt > since;
    },
    60_000,
    `${ADDRESS} synced`,
  );
}

const stored = async (owner: pg.Client) =>
  (
    await owner.query<{ source_id: string; ical_uid: string }>(
      `select e.source_id, e.ical_uid from events e join mailboxes m on m.tenant_id = e.tenant_id and m.id = e.mailbox_id
       where m.address = $1 order by e.source_id`,
      [ADDRESS],
    )
  ).rows;

beforeAll(async () => {
  stack = await startFullStack();
  ({ emulator, api } = stack);
  key = (await createTenantViaApi(api, 'immutable-ids')).adminKey;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('immutable ids: API + worker + emulator', () => {
  it('re-keys a mailbox synced with regular ids in one full round, then keeps rows across folder moves', async () => {
    const control = emulator.emu.control;
    const seed = emulator.emu.state.seedSummary!;
    const room = await control.createMailbox({
      tenantId: seed.tenantId,
      address: ADDRESS,
      displayName: 'Ids',
      kind: 'room',
    });
    const single = await control.createEvent(room.id, {
      subject: 'Board review',
      start: at(2, 14),
      end: at(2, 15),
    });
    await control.createEvent(room.id, {
      subject: 'Daily stand-up',
      start: at(1, 9),
      end: at(1, 10),
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', startDate: at(1, 9).dateTime.slice(0, 10), numberOfOccurrences: 3 },
      },
    });
    const app = await control.createApp({
      tenantId: seed.tenantId,
      displayName: 'ids',
      roles: ['Calendars.Read'],
    });
    const secret = await control.addSecret(app.clientId);
    const created = await gql(
      `mutation($input: CreateConnectorInput!) { createConnector(input: $input) { id } }`,
      {
        input: {
          name: 'Contoso ids',
          azureTenantId: seed.tenantDomain,
          clientId: app.clientId,
          clientSecret: secret.value,
          syncWindow: { pastDays: 7, futureDays: 30 },
          mailboxes: [ADDRESS],
        },
      },
    );
    const connectorId: string = created.createConnector.id;
    await sync(connectorId);
    const first = await events();
    expect(first.map((e) => e.subject)).toEqual([
      'Daily stand-up',
      'Daily stand-up',
      'Board review',
      'Daily stand-up',
    ]);

    const owner = new pg.Client({ connectionString: api.database.adminUrl });
    await owner.connect();
    try {
      // What an older calsync left behind: rows keyed by Graph's regular ids, no id type on the mailbox.
      const token = (
        (await emulator.requestToken({ tenant: seed.tenantId, clientId: app.clientId, secret: secret.value }))
          .json as { access_token: string }
      ).access_token;
      const regular = async () => {
        const window = `startDateTime=${new Date(Date.now() - 86_400_000).toISOString()}&endDateTime=${new Date(Date.now() + 20 * 86_400_000).toISOString()}`;
        const res = await emulator.get(`/v1.0/users/${room.id}/calendarView?${window}`, token);
        return (
          res.json as {
            value: Array<{
              id: string;
              iCalUId: string;
              seriesMasterId: string | null;
              start: { dateTime: string };
            }>;
          }
        ).value;
      };
      const immutableKeys = await stored(owner);
      expect(immutableKeys.every((r) => r.source_id.startsWith('AAkALg'))).toBe(true);
      // Delta stubs of occurrences carry no iCalUId (docs/microsoft-graph.md §3): match those by start.
      for (const item of await regular()) {
        await owner.query(
          `update events set source_id = $1, series_master_id = $2
           where type <> 'SERIES_MASTER' and (ical_uid = $3 or (ical_uid is null and start_at = $4::timestamptz))`,
          [item.id, item.seriesMasterId, item.iCalUId, `${item.start.dateTime.slice(0, 19)}Z`],
        );
      }
      const masters = await owner.query<{ source_id: string }>(
        `select source_id from events where type = 'SERIES_MASTER'`,
      );
      for (const { source_id: immutable } of masters.rows) {
        const res = await emulator.get(
          `/v1.0/users/${room.id}/events/${encodeURIComponent(immutable)}`,
          token,
        );
        const { id } = res.json as { id: string };
        await owner.query(`update events set source_id = $1 where source_id = $2`, [id, immutable]);
        await owner.query(`update events set series_master_id = $1 where series_master_id = $2`, [
          id,
          immutable,
        ]);
      }
      await owner.query(`update mailboxes set source_id_type = null where address = $1`, [ADDRESS]);
      expect((await stored(owner)).every((r) => r.source_id.startsWith('AAMkAG'))).toBe(true);

      // The next ordinary sync switches: one full round, the same rows under immutable ids.
      await sync(connectorId);
      expect(await events()).toEqual(first);
      expect(await stored(owner)).toEqual(immutableKeys);
      const mailbox = await owner.query(`select source_id_type from mailboxes where address = $1`, [ADDRESS]);
      expect(mailbox.rows[0].source_id_type).toBe('ImmutableId');
      const runs = await owner.query<{ kind: string }>(
        `select r.kind from sync_runs r join mailboxes m on m.tenant_id = r.tenant_id and m.id = r.mailbox_id
         where m.address = $1 order by r.started_at`,
        [ADDRESS],
      );
      expect(runs.rows.map((r) => r.kind)).toEqual(['FULL', 'FULL']);

      // Archived and restored: a new regular id in Exchange, the same event (and row) for calsync.
      const moved = await control.moveEventToFolder(room.id, single.id);
      expect(moved.id).not.toBe(single.id);
      await sync(connectorId);
      expect(await events()).toEqual(first);
      expect(await stored(owner)).toEqual(immutableKeys);
    } finally {
      await owner.end();
    }
  }, 120_000);
});

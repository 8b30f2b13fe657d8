// The change feed over the public API: eventChanges pages and the fromCursor subscription.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, publishEventChanges, trimEventChanges, type DatabaseHandle } from '@calsync/core';
import { connectGraphqlWs as connect } from '../../support/graphql-ws-client.ts';
import { seedConnector, seedEvents, seedMailbox } from '../../support/seed-events.ts';
import { createTenantViaApi, startTestApi, type TestApi } from '../../support/test-api.ts';

const CHANGES = `query($after: String, $first: Int, $addresses: [String!]) {
  eventChanges(after: $after, first: $first, addresses: $addresses) {
    nodes { kind changeType cursor mailboxId eventId event { subject } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const FOLLOW = `subscription($from: String) {
  eventChanged(fromCursor: $from) { changeType cursor eventId event { subject } }
}`;

let api: TestApi;
let owner: DatabaseHandle;
let url: string;
const tenants: { id: string; key: string; room: string; address: string }[] = [];

beforeAll(async () => {
  api = await startTestApi();
  owner = createDatabase(api.database.adminUrl, { max: 2 });
  for (const slug of ['feed-a', 'feed-b']) {
    const created = await createTenantViaApi(api, slug);
    const connector = await seedConnector(owner.db, created.tenantId);
    const address = `room@${slug}.example`;
    const room = (await seedMailbox(owner.db, created.tenantId, connector, address)).id;
    tenants.push({ id: created.tenantId, key: created.adminKey, room, address });
  }
  url = `${(await api.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/graphql`;
});
afterAll(async () => {
  await owner?.close();
  await api?.close();
});

const slot = (hour: number) => ({
  start: `2027-03-01T${String(hour).padStart(2, '0')}:00:00Z`,
  end: `2027-03-01T${String(hour).padStart(2, '0')}:30:00Z`,
});

/** Ages every change of the tenant but the newest past retention, and runs the trim. */
async function expireAllButNewest(tenantId: string): Promise<void> {
  await owner.pool.query(
    `update event_changes set committed_at = now() - interval '30 days'
     where tenant_id = $1 and seq < (select max(seq) from event_changes where tenant_id = $1)`,
    [tenantId],
  );
  await trimEventChanges(api.core.db, { retentionMs: 7 * 86_400_000, batchSize: 100, maxBatches: 10 });
}

async function readFeed(key: string, variables: Record<string, unknown>) {
  const { body } = await api.graphql(key, CHANGES, variables);
  return body;
}

describe('Query.eventChanges', () => {
  it('pages through a tenant’s changes in commit order, with current state, tombstones and a cursor to store', async () => {
    const [a, b] = tenants as [(typeof tenants)[0], (typeof tenants)[0]];
    const [first, second] = await seedEvents(owner.db, a.id, a.room, [
      { subject: 'Kick-off', ...slot(9) },
      { subject: 'Review', ...slot(10) },
    ]);
    await seedEvents(owner.db, b.id, b.room, [{ subject: 'B only', ...slot(9) }]);
    await owner.pool.query(`update events set subject = 'Kick-off (moved)' where id = $1`, [first!.id]);
    await owner.pool.query('delete from events where id = $1', [second!.id]);

    const seen: unknown[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const body = await readFeed(a.key, { after, first: 2 });
      expect(body.errors).toBeUndefined();
      const page = body.data.eventChanges;
      seen.push(...page.nodes);
      after = page.pageInfo.endCursor;
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([
      expect.objectContaining({
        changeType: 'CREATED',
        kind: 'UPSERTED',
        eventId: first!.id,
        event: { subject: 'Kick-off (moved)' },
      }),
      expect.objectContaining({ changeType: 'CREATED', eventId: second!.id, event: null }),
      expect.objectContaining({
        changeType: 'UPDATED',
        eventId: first!.id,
        event: { subject: 'Kick-off (moved)' },
      }),
      expect.objectContaining({ changeType: 'DELETED', kind: 'DELETED', eventId: second!.id, event: null }),
    ]);
    expect((seen as { mailboxId: string }[]).every((c) => c.mailboxId === a.room)).toBe(true);
    // Nothing new: the stored cursor reads an empty page and stays usable.
    const again = await readFeed(a.key, { after, first: 10 });
    expect(again.data.eventChanges).toEqual({
      nodes: [],
      pageInfo: { hasNextPage: false, endCursor: after },
    });
    // Tenant B sees only its own change, also when filtering on A's address.
    const feedB = await readFeed(b.key, { first: 100 });
    expect(feedB.data.eventChanges.nodes.map((n: { event: unknown }) => n.event)).toEqual([
      { subject: 'B only' },
    ]);
    const crossed = await readFeed(b.key, { first: 100, addresses: [a.address] });
    expect(crossed.data.eventChanges.nodes).toEqual([]);
  });

  it('answers typed errors for a forged cursor and for one older than retention', async () => {
    const [a] = tenants as [(typeof tenants)[0]];
    const forged = await readFeed(a.key, { after: 'bm90LWEtY3Vyc29y', first: 10 });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    const oldest = (await readFeed(a.key, { first: 1 })).data.eventChanges.pageInfo.endCursor as string;
    await seedEvents(owner.db, a.id, a.room, [{ subject: 'Fresh', ...slot(11) }]);
    await expireAllButNewest(a.id);
    const expired = await readFeed(a.key, { after: oldest, first: 10 });
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'CURSOR_EXPIRED' });
    expect(expired.errors?.[0]?.message).not.toMatch(/select|event_changes/i);
    const resumed = await readFeed(a.key, { after: expired.errors![0].extensions.oldestCursor, first: 10 });
    expect(resumed.data.eventChanges.nodes.map((n: { event: unknown }) => n.event)).toEqual([
      { subject: 'Fresh' },
    ]);
  });
});

describe('Subscription.eventChanged(fromCursor)', () => {
  it('replays from the log, then goes live, without gap or duplicate; a reconnect resumes from the last cursor', async () => {
    const [, b] = tenants as [unknown, (typeof tenants)[0]];
    const start = (await readFeed(b.key, { first: 500 })).data.eventChanges.pageInfo.endCursor as string;
    await seedEvents(owner.db, b.id, b.room, [
      { subject: 'Replay 1', ...slot(12) },
      { subject: 'Replay 2', ...slot(13) },
    ]);
    const client = await connect(url, { authorization: `Bearer ${b.key}` });
    const received: { changeType: string; cursor: string; event: { subject: string } | null }[] = [];
    const nextChange = async () => {
      const message = await client.next(
        (m) => m.type === 'next' && !received.some((r) => r.cursor === m.payload.data.eventChanged.cursor),
      );
      received.push(message.payload.data.eventChanged);
      return message.payload.data.eventChanged;
    };
    try {
      await client.next((m) => m.type === 'connection_ack');
      client.send({ id: '1', type: 'subscribe', payload: { query: FOLLOW, variables: { from: start } } });
      expect((await nextChange()).event).toEqual({ subject: 'Replay 1' });
      expect((await nextChange()).event).toEqual({ subject: 'Replay 2' });
      // Live: the change is committed, then the (at-most-once) notice wakes the reader. The same
      // notice twice must not duplicate the change.
      const [live] = await seedEvents(owner.db, b.id, b.room, [{ subject: 'Live 1', ...slot(14) }]);
      for (let i = 0; i < 2; i += 1) {
        await publishEventChanges(api.core.redis, api.core.queuePrefix, b.id, {
          mailboxId: b.room,
          upserted: [live!.id],
          deleted: [],
        });
      }
      expect((await nextChange()).event).toEqual({ subject: 'Live 1' });
      await new Promise((r) => setTimeout(r, 300));
      expect(client.messages.filter((m) => m.type === 'next')).toHaveLength(3);
    } finally {
      client.close();
    }
    // The consumer restarts: changes committed while it was away arrive from its last cursor.
    await seedEvents(owner.db, b.id, b.room, [{ subject: 'While away', ...slot(15) }]);
    const resumed = await connect(url, { authorization: `Bearer ${b.key}` });
    try {
      await resumed.next((m) => m.type === 'connection_ack');
      resumed.send({
        id: '1',
        type: 'subscribe',
        payload: { query: FOLLOW, variables: { from: received.at(-1)!.cursor } },
      });
      const message = await resumed.next((m) => m.type === 'next');
      expect(message.payload.data.eventChanged.event).toEqual({ subject: 'While away' });
      await new Promise((r) => setTimeout(r, 300));
      expect(resumed.messages.filter((m) => m.type === 'next')).toHaveLength(1);
    } finally {
      resumed.close();
    }
  });

  it('refuses an expired cursor with CURSOR_EXPIRED', async () => {
    const [a] = tenants as [(typeof tenants)[0]];
    const client = await connect(url, { authorization: `Bearer ${a.key}` });
    try {
      await client.next((m) => m.type === 'connection_ack');
      const { encodeChangeCursor } = await import('@calsync/core');
      client.send({
        id: '1',
        type: 'subscribe',
        payload: { query: FOLLOW, variables: { from: encodeChangeCursor(0) } },
      });
      const reply = await client.next((m) => m.id === '1' && m.type !== 'next');
      expect(reply.type).toBe('error');
      expect(reply.payload[0].extensions).toMatchObject({ code: 'CURSOR_EXPIRED' });
    } finally {
      client.close();
    }
  });
});

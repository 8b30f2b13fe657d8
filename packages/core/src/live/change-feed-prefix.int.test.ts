// Both live feeds (changes, sync runs) live under the deployment's CALSYNC_QUEUE_PREFIX like every other calsync
// Redis key: two deployments sharing one Redis hear only their own sync engine's notices.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../tests/support/test-database.ts';
import type { SyncRunRow } from '../db/index.ts';
import { publishEventChanges } from '../sync/change-feed.ts';
import { createEventChangeHub } from './event-change-hub.ts';
import { announceSyncRun } from './sync-run-feed.ts';
import { createSyncRunHub } from './sync-run-hub.ts';

const tenantId = '00000000-0000-4000-8000-0000000000aa';
const mailboxId = '00000000-0000-4000-8000-0000000000bb';
const opened: { close(): unknown }[] = [];

afterAll(async () => {
  for (const handle of opened.splice(0)) await handle.close();
});

function connect(): Redis {
  const connection = new Redis(testRedisUrl());
  opened.push({ close: () => connection.disconnect() });
  return connection;
}

function hubUnder(keyPrefix: string) {
  const hub = createEventChangeHub({ keyPrefix, createSubscriber: connect });
  opened.push(hub);
  return hub;
}

describe('change feed under CALSYNC_QUEUE_PREFIX', () => {
  it("a hub hears what the engine published under its prefix and nothing of another deployment's", async () => {
    const [ours, theirs] = [randomQueuePrefix(), randomQueuePrefix()];
    const oursStream = await hubUnder(ours).subscribe(tenantId);
    const theirsStream = await hubUnder(theirs).subscribe(tenantId);
    const publisher = connect();

    await publishEventChanges(publisher, ours, tenantId, { mailboxId, upserted: ['ours-1'], deleted: [] });
    await publishEventChanges(publisher, theirs, tenantId, {
      mailboxId,
      upserted: [],
      deleted: ['theirs-1'],
    });

    // Each hub's first notice is its own deployment's: the other publication never reached it.
    expect((await oursStream.next()).value).toEqual({ kind: 'UPSERTED', mailboxId, eventId: 'ours-1' });
    expect((await theirsStream.next()).value).toEqual({ kind: 'DELETED', mailboxId, eventId: 'theirs-1' });
  });
});

describe('sync-run feed under CALSYNC_QUEUE_PREFIX', () => {
  it("a hub hears the runs announced under its prefix and nothing of another deployment's", async () => {
    const [ours, theirs] = [randomQueuePrefix(), randomQueuePrefix()];
    const hub = createSyncRunHub({ keyPrefix: ours, createSubscriber: connect });
    opened.push(hub);
    const stream = await hub.subscribe(tenantId, { mailboxIds: [mailboxId] });
    const redis = connect();
    const run = (id: string): SyncRunRow => ({
      tenantId,
      id,
      connectorId: '00000000-0000-4000-8000-0000000000cc',
      mailboxId,
      kind: 'FULL',
      trigger: 'MANUAL',
      status: 'RUNNING',
      queuedAt: new Date('2026-12-04T09:00:00Z'),
      startedAt: new Date('2026-12-04T09:00:01Z'),
      finishedAt: null,
      pages: 0,
      upserted: 0,
      deleted: 0,
      graphRequests: 0,
      throttled: 0,
      errorCode: null,
      errorMessage: null,
    });

    announceSyncRun({ redis, keyPrefix: theirs }, run('00000000-0000-4000-8000-000000000001'));
    announceSyncRun({ redis, keyPrefix: ours }, run('00000000-0000-4000-8000-000000000002'));

    // The first run heard is this deployment's, dates and all, without the tenant id it travelled under.
    const { tenantId: _channel, ...expected } = run('00000000-0000-4000-8000-000000000002');
    expect((await stream.next()).value).toEqual(expected);
  });
});

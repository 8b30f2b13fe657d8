// The change feed lives under the deployment's CALSYNC_QUEUE_PREFIX like every other calsync Redis key:
// two deployments sharing one Redis hear only their own sync engine's changes.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { randomQueuePrefix, testRedisUrl } from '../../../../tests/support/test-database.ts';
import { publishEventChanges } from '../sync/change-feed.ts';
import { createEventChangeHub } from './event-change-hub.ts';

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

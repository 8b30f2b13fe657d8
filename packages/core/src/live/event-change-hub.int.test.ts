// Live updates survive Redis going away: a real redis-server is killed and restarted on its port.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../../scripts/lib/free-port.ts';
import { startLocalRedis, type LocalRedis } from '../../../../scripts/lib/local-redis.ts';
import { eventChangeChannel } from '../sync/change-feed.ts';
import { createEventChangeHub, type EventChangeHub } from './event-change-hub.ts';

const tenantId = '00000000-0000-4000-8000-0000000000aa';
const mailboxId = '00000000-0000-4000-8000-0000000000bb';
const opened: { close(): unknown }[] = [];
let redis: LocalRedis | null = null;

afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
  await redis?.stop();
  redis = null;
});

/** Fails commands fast while Redis is down, as a long outage does with the production retry budget. */
const client = (url: string) => {
  const connection = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  connection.on('error', () => undefined);
  opened.push({ close: () => connection.disconnect() });
  return connection;
};

function hubOn(url: string): EventChangeHub {
  const hub = createEventChangeHub({
    keyPrefix: 'calsync',
    createSubscriber: () => client(url),
    retryMs: 200,
    confirmWaitMs: 500,
  });
  opened.push(hub);
  return hub;
}

/** Publishes until a subscriber receives it (PUBLISH answers how many did), as the worker would keep syncing. */
async function publishUntilHeard(url: string, eventId: string): Promise<void> {
  const publisher = client(url);
  const message = JSON.stringify({ mailboxId, upserted: [eventId], deleted: [] });
  await expect
    .poll(() => publisher.publish(eventChangeChannel('calsync', tenantId), message).catch(() => 0), {
      timeout: 15_000,
      interval: 200,
    })
    .toBe(1);
}

describe('event change hub across a Redis restart', () => {
  it('recovers a SUBSCRIBE that failed while Redis was down', async () => {
    const port = await findFreePort();
    redis = await startLocalRedis({ port, persistent: false });
    const hub = hubOn(redis.url);
    await redis.stop();

    const stream = await hub.subscribe(tenantId);
    await new Promise((r) => setTimeout(r, 800)); // the SUBSCRIBE has failed by now
    redis = await startLocalRedis({ port, persistent: false });

    await publishUntilHeard(redis.url, 'event-after-outage');
    expect((await stream.next()).value).toEqual({
      kind: 'UPSERTED',
      mailboxId,
      eventId: 'event-after-outage',
    });
  });

  it('keeps delivering to a live subscription after Redis restarts', async () => {
    const port = await findFreePort();
    redis = await startLocalRedis({ port, persistent: false });
    const hub = hubOn(redis.url);
    const stream = await hub.subscribe(tenantId, [mailboxId]);
    await publishUntilHeard(redis.url, 'before');
    expect((await stream.next()).value).toMatchObject({ eventId: 'before' });

    await redis.stop();
    redis = await startLocalRedis({ port, persistent: false });
    await publishUntilHeard(redis.url, 'after');
    expect((await stream.next()).value).toMatchObject({ eventId: 'after' });
  });
});

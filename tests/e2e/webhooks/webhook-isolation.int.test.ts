// Issue 12's isolation requirement end to end (docs/change-feed.md, "Isolation"): tenant A's
// endpoints hold every request until the worker's per-request timeout, and meanwhile tenant B's
// mailboxes still sync and B's changes still reach B's receiver promptly.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import {
  addMeeting,
  allSynced,
  createEndpoint,
  createSyncedTenant,
  gql,
  syncAll,
} from './support/webhook-tenant.ts';

/** How long the worker waits for one POST (A's endpoints use all of it). */
const TIMEOUT_MS = 20_000;
/** B's change must reach B's receiver within this of its commit. */
const DELIVERY_BOUND_MS = 3_000;
/** B's sync, from the request to the commit, must finish within this (well below A's hold). */
const SYNC_BOUND_MS = 10_000;
/** Deliveries posted at once by the worker, and at most by one tenant. */
const CONCURRENCY = 4;
const TENANT_CONCURRENCY = 2;
/** A has as many endpoints as the worker has delivery slots: uncapped, it would hold them all. */
const SLOW_ENDPOINTS = CONCURRENCY;

interface HangingReceiver {
  url: string;
  /** Requests received but not answered (the worker has not given up on them yet). */
  open: number;
  /** Most requests held at once. */
  maxOpen: number;
  requests: number;
  close(): Promise<void>;
}

/** A receiver that reads each request and never answers: only the sender's timeout ends it. */
async function startHangingReceiver(): Promise<HangingReceiver> {
  const held = new Set<ServerResponse>();
  const receiver: HangingReceiver = {
    url: '',
    open: 0,
    maxOpen: 0,
    requests: 0,
    close: () => Promise.resolve(),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    receiver.requests += 1;
    held.add(res);
    receiver.open = held.size;
    receiver.maxOpen = Math.max(receiver.maxOpen, held.size);
    req.resume();
    req.socket.once('close', () => {
      held.delete(res);
      receiver.open = held.size;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hang`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

let stack: FullStack;
let slow: HangingReceiver;
let fast: WebhookReceiver;
let keyA: string;
let keyB: string;
const endpointsA: string[] = [];

beforeAll(async () => {
  stack = await startFullStack({
    webhooks: true,
    workerEnv: {
      CALSYNC_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      CALSYNC_WEBHOOK_CONCURRENCY: String(CONCURRENCY),
      CALSYNC_WEBHOOK_TENANT_CONCURRENCY: String(TENANT_CONCURRENCY),
    },
  });
  slow = await startHangingReceiver();
  fast = await startWebhookReceiver();
  keyA = await createSyncedTenant(stack, 'hooks-slow-a');
  for (let i = 0; i < SLOW_ENDPOINTS; i++) endpointsA.push((await createEndpoint(stack, keyA, slow.url)).id);
  keyB = await createSyncedTenant(stack, 'hooks-fast-b');
  fast.secrets = [(await createEndpoint(stack, keyB, fast.url)).signingSecret];
}, 120_000);

afterAll(async () => {
  await slow?.close();
  await fast?.close();
  await stack?.stop();
});

/** Polls the receiver until a change of the subject arrives; returns it and when it arrived. */
async function arrival(subject: string): Promise<{ committedAt: number; arrivedAt: number; held: number }> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const change = fast.changes.find((c) => c.event?.subject === subject);
    if (change)
      return { committedAt: Date.parse(change.committedAt), arrivedAt: Date.now(), held: slow.open };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`"${subject}" never reached B; worker output:\n${stack.worker.output()}`);
}

describe("a slow tenant's webhooks", () => {
  it("do not delay another tenant's sync or deliveries", async () => {
    await syncAll(stack, keyA);
    await allSynced(stack, keyA);
    await waitFor(
      () => Promise.resolve(slow.open >= TENANT_CONCURRENCY),
      30_000,
      `A holds its share of the delivery slots; worker output:\n${stack.worker.output()}`,
    );

    await syncAll(stack, keyB);
    await allSynced(stack, keyB);
    const subject = 'Booked while A hangs';
    await addMeeting(stack, subject);
    const requested = Date.now();
    await syncAll(stack, keyB);
    const seen = await arrival(subject);

    expect(seen.held).toBeGreaterThan(0); // A's requests were still hanging when B's change arrived
    expect(seen.committedAt - requested).toBeLessThan(SYNC_BOUND_MS);
    expect(seen.arrivedAt - seen.committedAt).toBeLessThan(DELIVERY_BOUND_MS);
    expect(fast.rejected).toBe(0);
    expect(slow.maxOpen).toBe(TENANT_CONCURRENCY); // A never held more than its share

    // A's endpoints did hang until the timeout: their attempts are logged as unanswered, and stay active.
    const attempts = `query($id: ID!) { webhookEndpoint(id: $id) { status recentDeliveries(first: 1) { statusCode durationMs } } }`;
    const logged = async () => {
      for (const id of endpointsA) {
        const { webhookEndpoint } = await gql(stack, keyA, attempts, { id });
        if (webhookEndpoint.recentDeliveries.length > 0) return webhookEndpoint;
      }
      return null;
    };
    await waitFor(
      async () => (await logged()) !== null,
      TIMEOUT_MS + 30_000,
      'a held request of A times out and is logged',
    );
    const endpoint = await logged();
    expect(endpoint.status).toBe('ACTIVE');
    expect(endpoint.recentDeliveries[0].statusCode).toBeNull();
    expect(endpoint.recentDeliveries[0].durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 500);
  }, 180_000);
});

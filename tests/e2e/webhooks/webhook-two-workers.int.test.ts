// Issue 18 goal 4 for webhooks: with two worker processes on the same queues, every change reaches
// the receiver exactly once and in commit order (no crash here, so no at-least-once repeat either).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../sync/support/worker-process.ts';
import { startFullStack, type FullStack } from '../../support/full-stack.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import {
  addMeeting,
  allSynced,
  changeLogAfter,
  createEndpoint,
  createSyncedTenant,
  syncAll,
} from './support/webhook-tenant.ts';

let stack: FullStack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  stack = await startFullStack({ webhooks: true });
  stack.addWorker();
  receiver = await startWebhookReceiver();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

describe('webhooks with two worker processes', () => {
  it('deliver each change once, in order', async () => {
    const key = await createSyncedTenant(stack, 'hooks-two-workers');
    const endpoint = await createEndpoint(stack, key, receiver.url);
    receiver.secrets = [endpoint.signingSecret];
    await syncAll(stack, key);
    await allSynced(stack, key);
    // Commits spread over both workers' sync jobs, each queuing the endpoint's delivery.
    for (let i = 0; i < 5; i++) {
      await addMeeting(stack, `Two workers ${i}`);
      await syncAll(stack, key);
    }
    let log: { cursor: string }[] = [];
    await waitFor(
      async () => {
        log = await changeLogAfter(stack, key, endpoint.from);
        const received = new Set(receiver.changes.map((c) => c.cursor));
        return (
          log.length > 0 &&
          log.every((c) => received.has(c.cursor)) &&
          receiver.changes.some((c) => c.event?.subject === 'Two workers 4')
        );
      },
      90_000,
      `every change delivered; worker output:\n${stack.worker.output()}`,
    );
    // A moment for a late duplicate to show.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.changes.map((c) => c.cursor)).toEqual(log.map((c) => c.cursor));
    expect(receiver.rejected).toBe(0);
  }, 180_000);
});

// Scenario 4: one tenant with 500 mailboxes that Graph throttles (429 with Retry-After on every call) queued
// ahead of a tenant with 5 healthy mailboxes. The per-connector slot cap and back-off keep worker slots free:
// the small tenant's syncs complete within the stated bound, relative to the same syncs alone.
import assert from 'node:assert/strict';
import { waitFor, type ChaosMailbox, type ChaosStack } from '../support/stack.ts';
import { seconds, syncableAddresses, type Scenario } from './scenario.ts';

const THROTTLED_MAILBOXES = 500;
/**
 * Stated bound for the small tenant's five full syncs behind the throttled tenant: 5 s plus three times
 * the same syncs alone (measured first in the same run, worker start-up included), so the bound follows
 * the machine's load instead of flaking on a busy one.
 */
export function smallTenantBoundMs(aloneMs: number): number {
  return 5_000 + 3 * aloneMs;
}

/** 429s the emulator answered for these mailboxes, from its request log. */
async function throttledCalls(stack: ChaosStack, mailboxes: readonly ChaosMailbox[]) {
  // Faults apply before the token is read, so a throttled call's entry names its mailbox but no app.
  const ids = new Set(mailboxes.map((m) => m.emuId.toLowerCase()));
  const answered429 = (await stack.emulator.emu.control.requests({ includeBatchItems: true })).filter(
    (r) => r.status === 429 && r.mailbox !== null && ids.has(r.mailbox.toLowerCase()),
  );
  return { calls: answered429.length, mailboxes: new Set(answered429.map((r) => r.mailbox)).size };
}

/** Sync jobs not yet finished (the throttled tenant's, once the small tenant is done). */
async function pendingJobs(stack: ChaosStack): Promise<number> {
  const counts = await stack.core.queues.sync.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export const fairness: Scenario = {
  name: `fairness: ${THROTTLED_MAILBOXES} throttled mailboxes vs 5 healthy`,
  async run(stack) {
    const control = stack.emulator.emu.control;
    const domain = 'throttled.onmicrosoft.com';
    const org = await control.createTenant({ displayName: 'Throttled', domains: [domain] });
    const app = await control.createApp({
      tenantId: org.id,
      displayName: 'calsync',
      roles: ['Calendars.Read'],
    });
    const secret = await control.addSecret(app.clientId, { displayName: 'calsync' });
    const addresses: string[] = [];
    for (let i = 0; i < THROTTLED_MAILBOXES; i += 1) {
      const address = `room${i}@${domain}`;
      await control.createMailbox({
        tenantId: org.id,
        address,
        displayName: `Room ${i}`,
        kind: 'room',
        restEnabled: true,
      });
      await control.addFault({
        type: 'status',
        status: 429,
        retryAfterSeconds: 5,
        mailbox: address,
        probability: 1,
      });
      addresses.push(address);
    }
    const big = await stack.seedTenant('chaos-big', addresses, {
      azureTenantId: org.id,
      clientId: app.clientId,
      clientSecret: secret.value,
    });
    const small = await stack.seedTenant('chaos-small', (await syncableAddresses(stack)).slice(0, 5));

    const smallIds = small.mailboxes.map((m) => m.mailboxId);

    stack.startWorker();
    const aloneSince = new Date();
    await stack.enqueue(small, 'FULL');
    const aloneMs = await stack.waitSynced(smallIds, aloneSince, 120_000);
    const bound = smallTenantBoundMs(aloneMs);

    const since = new Date();
    await stack.enqueue(big, 'FULL'); // queued first: the worst order for the small tenant
    await stack.enqueue(small, 'FULL');
    const smallMs = await stack.waitSynced(smallIds, since, bound);
    const smallRows = await stack.expectExact(small.mailboxes);
    const bigJobsPending = await pendingJobs(stack);

    // Proof the big tenant really was throttled, read from the emulator's request log before it stops.
    const throttled = await throttledCalls(stack, big.mailboxes);
    const throttledFor = Date.now() - since.getTime();
    assert.ok(throttled.calls > 0, 'Graph never throttled the big tenant: the scenario tested nothing');

    // Graph stops throttling: the big tenant catches up, and all of it equals Graph (empty calendars).
    await control.clearFaults();
    const catchUp = Date.now();
    await waitFor(
      async () => {
        await stack.waitSynced(
          big.mailboxes.map((m) => m.mailboxId),
          since,
          1_000,
        );
        return true;
      },
      120_000,
      'the throttled tenant to catch up',
      1_000,
    );
    const bigRows = await stack.expectExact(big.mailboxes);
    return (
      `small tenant's 5 mailboxes synced in ${seconds(smallMs)} (alone ${seconds(aloneMs)}, bound ${seconds(bound)}) ` +
      `with ${bigJobsPending} jobs of ${THROTTLED_MAILBOXES} throttled mailboxes still pending ` +
      `(${throttled.calls} 429s to ${throttled.mailboxes} mailboxes in ${seconds(throttledFor)}, ` +
      `the connector backs off as a whole); ` +
      `throttled tenant caught up ${seconds(Date.now() - catchUp)} after throttling stopped; ` +
      `${5 + THROTTLED_MAILBOXES} mailboxes / ${smallRows + bigRows} rows exact`
    );
  },
};

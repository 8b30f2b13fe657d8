// Scenario 4: one tenant with 500 mailboxes that Graph throttles (429 with Retry-After on every call) queued
// ahead of a tenant with 5 healthy mailboxes. The per-connector slot cap and back-off keep worker slots free:
// the small tenant's syncs complete within the stated bound.
import { waitFor } from '../support/stack.ts';
import { seconds, syncableAddresses, type Scenario } from './scenario.ts';

const THROTTLED_MAILBOXES = 500;
/** Five small full syncs on the slots the throttled tenant cannot take. */
export const SMALL_TENANT_BOUND_MS = 30_000;

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

    stack.startWorker();
    const since = new Date();
    await stack.enqueue(big, 'FULL'); // queued first: the worst order for the small tenant
    await stack.enqueue(small, 'FULL');
    const smallMs = await stack.waitSynced(
      small.mailboxes.map((m) => m.mailboxId),
      since,
      SMALL_TENANT_BOUND_MS,
    );
    const smallRows = await stack.expectExact(small.mailboxes);
    const throttled = (await control.requests({ appId: app.clientId })).filter(
      (r) => r.status === 429,
    ).length;

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
      `small tenant's 5 mailboxes synced in ${seconds(smallMs)} (bound ${seconds(SMALL_TENANT_BOUND_MS)}) ` +
      `while ${THROTTLED_MAILBOXES} mailboxes were throttled (${throttled} 429s); ` +
      `throttled tenant caught up ${seconds(Date.now() - catchUp)} after throttling stopped; ` +
      `${5 + THROTTLED_MAILBOXES} mailboxes / ${smallRows + bigRows} rows exact`
    );
  },
};
